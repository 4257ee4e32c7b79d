from config.settings.base import *  # noqa: F403
from config.settings.env import env

DEBUG = env.bool("DEBUG", default=True)
LOG_FORMAT = "plain"
LOGGING["handlers"]["console"]["formatter"] = env("LOG_FORMAT", default="plain")  # noqa: F405
