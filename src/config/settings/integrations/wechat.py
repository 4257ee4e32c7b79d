"""WeChat official accounts (per-tenant credentials live in the tenant's database)."""

from config.settings.env import env

# Base of the official-account API; tests point it at a local server speaking WeChat's wire format.
WECHAT_API_BASE = env("WECHAT_API_BASE", default="https://api.weixin.qq.com/")
# Where the user's browser is sent for OAuth (web authorisation page inside WeChat).
WECHAT_OAUTH_BASE = env("WECHAT_OAUTH_BASE", default="https://open.weixin.qq.com/connect/")
# Every call to WeChat carries this timeout (wechatpy sets none by default).
WECHAT_TIMEOUT_SECONDS = env.float("WECHAT_TIMEOUT_SECONDS", default=5.0)
