"""Settings shared by every environment. Runtime switches per tenant live in the database."""

from config.settings.env import REPO_ROOT, env
from config.settings.integrations.backups import *  # noqa: F403
from config.settings.integrations.celery import *  # noqa: F403
from config.settings.integrations.files import *  # noqa: F403
from config.settings.integrations.logging import LOGGING  # noqa: F401
from config.settings.integrations.messaging import *  # noqa: F403
from config.settings.integrations.sentry import init_sentry
from config.settings.integrations.stripe import *  # noqa: F403
from config.settings.integrations.vendor import *  # noqa: F403
from config.settings.integrations.wechat import *  # noqa: F403
from core.hosts import TenantAllowedHosts

BASE_DIR = REPO_ROOT
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
BASE_DOMAIN = env("BASE_DOMAIN", default="localhost")
# Plus each tenant's own domains once proven by DNS (core.hosts, shared_apps.domains).
ALLOWED_HOSTS = TenantAllowedHosts([BASE_DOMAIN, f".{BASE_DOMAIN}", *env.list("EXTRA_ALLOWED_HOSTS", default=[])])

# --- tenancy -------------------------------------------------------------------------------
SHARED_APPS = [
    "django_tenants",
    "shared_apps.provisioning",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "core",
    # Vendor staff are users of the public schema, so accounts lives in both lists.
    "tenant_apps.accounts",
    "shared_apps.billing",
    "shared_apps.console",
    "shared_apps.crawler",
    "shared_apps.employer_risk",
    "shared_apps.domains",
    "shared_apps.workdays",
]
TENANT_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "rest_framework.authtoken",
    "core",
    "tenant_apps.accounts",
    "tenant_apps.cms",
    "tenant_apps.messaging",
    "tenant_apps.wechat",
    "tenant_apps.employment",
    "tenant_apps.alumni",
    "tenant_apps.employment.students",
    "tenant_apps.employment.destinations",
    "tenant_apps.employment.statistics",
    "tenant_apps.employment.archives",
    "tenant_apps.employment.employers",
    "tenant_apps.employment.jobs",
    "tenant_apps.employment.sessions",
    "tenant_apps.employment.chat",
    "tenant_apps.employment.videos",
    "tenant_apps.employment.assessment",
    "tenant_apps.employment.qa",
    "tenant_apps.employment.resumes",
    "tenant_apps.employment.applications",
    "tenant_apps.employment.fairs",
    "tenant_apps.employment.recommend",
    "tenant_apps.employment.surveys",
    "tenant_apps.employment.agreements",
    "tenant_apps.employment.portal",
    "tenant_apps.employment.push",
    "tenant_apps.alumni.orgs",
    "tenant_apps.alumni.records",
    "tenant_apps.alumni.directory",
    "tenant_apps.alumni.content",
    "core.tickets",
    "tenant_apps.payments",
    "tenant_apps.privacy",
    "tenant_apps.alumni.activities",
    "tenant_apps.alumni.votes",
    "tenant_apps.alumni.card",
    "tenant_apps.alumni.famous",
    "tenant_apps.alumni.outreach",
    "tenant_apps.alumni.albums",
    "tenant_apps.alumni.giving",
    "tenant_apps.alumni.shop",
    "tenant_apps.experts",
    "tenant_apps.experts.panels",
    "tenant_apps.experts.evaluation",
    "tenant_apps.experts.fees",
    "tenant_apps.experts.review",
]
INSTALLED_APPS = list(SHARED_APPS) + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "provisioning.Tenant"
TENANT_DOMAIN_MODEL = "provisioning.Domain"
PUBLIC_SCHEMA_NAME = "public"
PUBLIC_SCHEMA_URLCONF = "config.urls_public"
ROOT_URLCONF = "config.urls_tenants"
CONSOLE_URLCONF = "config.urls_console"
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]
# Seconds a host -> tenant lookup is kept in process memory (see docs/decisions/0003), and
# how often each process asks Redis whether any tenant changed (core.tenancy.tenants_changed).
TENANT_CACHE_SECONDS = env.int("TENANT_CACHE_SECONDS", default=600)
TENANT_CACHE_CHECK_SECONDS = env.float("TENANT_CACHE_CHECK_SECONDS", default=1.0)
# One `SET search_path` per tenant switch instead of one per cursor. Safe with django-tenants
# 4.0.1: ROLLBACK / ROLLBACK TO SAVEPOINT (which undo a SET) make it issue the SET again
# (tests/core/test_search_path.py; docs/decisions/0051-one-search-path-per-request.md).
TENANT_LIMIT_SET_CALLS = env.bool("TENANT_LIMIT_SET_CALLS", default=True)
# Spare, fully migrated schemas kept ready for new tenants (see shared_apps/provisioning/pool.py).
SPARE_SCHEMA_POOL_SIZE = env.int("SPARE_SCHEMA_POOL_SIZE", default=3)

DATABASES = {
    "default": {
        **env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/campus_saas"),
        "ENGINE": "core.postgresql_backend",  # django-tenants' backend, see its docstring
        # Long-lived connections: a PostgreSQL backend builds its catalog cache for each schema
        # it meets, so recycling connections often makes tenants pay that again (benchmarks.md).
        "CONN_MAX_AGE": env.int("CONN_MAX_AGE", default=600),
        "CONN_HEALTH_CHECKS": True,
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_FUNCTION": "core.tenancy.make_cache_key",
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", default=""),
        "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient", "SOCKET_TIMEOUT": 2},
    }
}

MIDDLEWARE = [
    "core.middleware.RequestContextMiddleware",
    "core.tenancy.CachedTenantMiddleware",
    "core.middleware.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.impersonation.ImpersonationMiddleware",
    "core.tenancy.TenantActivityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "core.tenancy.TenantStatusMiddleware",
    "core.tenancy.ModuleGateMiddleware",
    "core.middleware.AuditContextMiddleware",
    "core.web.errors.DebugErrorPagesMiddleware",
]
# Error pages in each area's layout (core.web.errors); DEBUG_ERROR_PAGES=1 brings back Django's
# technical pages while DEBUG is on.
CSRF_FAILURE_VIEW = "core.web.errors.csrf_failure"
DEBUG_ERROR_PAGES = env.bool("DEBUG_ERROR_PAGES", default=False)

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [REPO_ROOT / "src" / "core" / "templates"],
        "OPTIONS": {
            # tenants/<schema>/templates/ first (core.web.template_loaders), then ours.
            "loaders": [
                (
                    "core.web.template_loaders.TenantAwareCachedLoader",
                    [
                        "core.web.template_loaders.TenantOverrideLoader",
                        "django.template.loaders.filesystem.Loader",
                        "django.template.loaders.app_directories.Loader",
                    ],
                )
            ],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.web.context_processors.shell",
                "tenant_apps.cms.context.site",
                "tenant_apps.messaging.context.unread_letters",
            ],
        },
    }
]

TENANT_OVERRIDES_DIR = REPO_ROOT / "tenants"

WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

# --- accounts and security -----------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["tenant_apps.accounts.backends.MultiIdentifierBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "backoffice:login"
# Failed logins before an account is locked, and before an IP is put on the block list.
LOGIN_MAX_FAILURES_PER_ACCOUNT = env.int("LOGIN_MAX_FAILURES_PER_ACCOUNT", default=5)
LOGIN_MAX_FAILURES_PER_IP = env.int("LOGIN_MAX_FAILURES_PER_IP", default=20)
LOGIN_LOCKOUT_SECONDS = env.int("LOGIN_LOCKOUT_SECONDS", default=15 * 60)

# Fernet keys for encrypted model fields; the first one encrypts, all decrypt (rotation).
FIELD_ENCRYPTION_KEYS = env.list(
    "FIELD_ENCRYPTION_KEYS", default=["ZGV2LW9ubHkta2V5LWRvLW5vdC11c2UtaW4tcHJvZCE="]
)
# Key for the blind index that lets us look up encrypted values (phone login, uniqueness).
FIELD_HASH_KEY = env("FIELD_HASH_KEY", default="dev-only-hash-key")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- i18n, static, media -------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
STATIC_URL = "/static/"
STATIC_ROOT = REPO_ROOT / "var" / "static"
STORAGES = {
    "default": {"BACKEND": "core.storage.TenantFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STORAGES["default"]["BACKEND"] = FILES_STORAGE_BACKENDS[FILES_BACKEND]  # noqa: F405 (integrations/files.py)
MEDIA_ROOT = env("MEDIA_ROOT", default=str(REPO_ROOT / "var" / "media"))
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- API -----------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.StandardPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.errors.exception_handler",
    "DEFAULT_FILTER_BACKENDS": [],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Campus SaaS API",
    "DESCRIPTION": "Tenant API: employment, alumni and expert library.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Stable enum names in the committed schema (several models have a "kind" or "channel").
    "ENUM_NAME_OVERRIDES": {
        "EmploymentAgreementStatusEnum": "tenant_apps.employment.agreements.enums.AgreementStatus",
        "ExpertGenderEnum": "tenant_apps.experts.enums.Gender",
        "AlumniGenderEnum": "tenant_apps.alumni.records.enums.Gender",
        "AlumniAlbumReviewStatusEnum": "tenant_apps.alumni.albums.enums.ReviewStatus",
        "AlumniDegreeEnum": "tenant_apps.alumni.records.enums.Degree",
        "AlumniCardStatusEnum": "tenant_apps.alumni.card.enums.CardStatus",
        "AlumniCardPartnerCategoryEnum": "tenant_apps.alumni.card.enums.PartnerCategory",
        "AlumniCardCouponKindEnum": "tenant_apps.alumni.card.enums.CouponKind",
        "AlumniCardCouponStatusEnum": "tenant_apps.alumni.card.enums.CouponStatus",
        "AlumniCardCheckResultEnum": "tenant_apps.alumni.card.enums.CheckResult",
        "AlumniCardCheckViaEnum": "tenant_apps.alumni.card.enums.CheckVia",
        "AlumniRequestStatusEnum": "tenant_apps.alumni.directory.enums.RequestStatus",
        "AlumniReviewStatusEnum": "tenant_apps.alumni.content.enums.ReviewStatus",
        "AlumniRegistrationStatusEnum": "tenant_apps.alumni.activities.enums.RegistrationStatus",
        "AlumniShopOrderStatusEnum": "tenant_apps.alumni.shop.enums.OrderStatus",
        "AlumniShopPayMethodEnum": "tenant_apps.alumni.shop.enums.PayMethod",
        "AlumniShopDeliveryEnum": "tenant_apps.alumni.shop.enums.Delivery",
        "EmploymentDestinationCategoryEnum": "tenant_apps.employment.destinations.enums.CATEGORY_CHOICES",
        "EmploymentJobKindEnum": "tenant_apps.employment.jobs.enums.JobKind",
        "EmploymentChatReportReasonEnum": "tenant_apps.employment.chat.enums.ReportReason",
        "EmploymentChatSideEnum": "tenant_apps.employment.chat.enums.Side",
        "EmploymentApplicationStatusEnum": "tenant_apps.employment.applications.enums.ApplicationStatus",
        "EmploymentResumeStatusEnum": "tenant_apps.employment.resumes.enums.ResumeStatus",
        "EmploymentResumeLayoutEnum": "tenant_apps.employment.resumes.enums.Layout",
        "EmploymentFairStatusEnum": "tenant_apps.employment.fairs.enums.FairStatus",
        "EmploymentFairApplicationStatusEnum": "tenant_apps.employment.fairs.enums.ApplicationStatus",
        "EmploymentFairBoothKindEnum": "tenant_apps.employment.fairs.enums.BoothKind",
        "EmploymentFairTicketHolderEnum": "tenant_apps.employment.fairs.enums.TicketHolder",
        "UserKindEnum": "tenant_apps.accounts.enums.UserKind",
        "PrivacyRequestKindEnum": "tenant_apps.privacy.enums.RequestKind",
        "PrivacyRequestStatusEnum": "tenant_apps.privacy.enums.RequestStatus",
        "PrivacyRequestChannelEnum": "tenant_apps.privacy.enums.RequestChannel",
        "PrivacyRequestDecisionEnum": "tenant_apps.privacy.enums.RequestDecision",
        "OrgUnitKindEnum": "tenant_apps.accounts.enums.OrgUnitKind",
        "MessageChannelEnum": "tenant_apps.messaging.enums.Channel",
        "MessagingProviderNameEnum": "tenant_apps.messaging.enums.ProviderName",
        "ExpertTitleLevelEnum": "tenant_apps.experts.enums.TitleLevel",
        "PanelsProjectStatusEnum": "tenant_apps.experts.panels.enums.ProjectStatus",
        "PanelsDrawModeEnum": "tenant_apps.experts.panels.enums.DrawMode",
        "PanelsDrawStatusEnum": "tenant_apps.experts.panels.enums.DrawStatus",
        "PanelsInvitationModeEnum": "tenant_apps.experts.panels.enums.InvitationMode",
        "PanelsMemberKindEnum": "tenant_apps.experts.panels.enums.MemberKind",
        "PanelsMemberStatusEnum": "tenant_apps.experts.panels.enums.MemberStatus",
        "PanelsRoleEnum": "tenant_apps.experts.panels.enums.PanelRole",
        "PanelsChannelEnum": "tenant_apps.experts.panels.enums.Channel",
        "FeesLineStatusEnum": "tenant_apps.experts.fees.enums.FeeStatus",
        "FeesLetterStatusEnum": "tenant_apps.experts.fees.enums.LetterStatus",
        "FamousCandidateStatusEnum": "tenant_apps.alumni.famous.enums.CandidateStatus",
        "FamousPersonCategoryEnum": "tenant_apps.alumni.famous.enums.PersonCategory",
        "FamousSubjectKindEnum": "tenant_apps.alumni.famous.enums.SubjectKind",
        "AlumniOutreachChannelEnum": "tenant_apps.alumni.outreach.enums.Channel",
        "AlumniGivingAudienceEnum": "tenant_apps.alumni.giving.enums.Audience",
        "AlumniGivingProjectStatusEnum": "tenant_apps.alumni.giving.enums.ProjectStatus",
        "AlumniGivingDonationStatusEnum": "tenant_apps.alumni.giving.enums.DonationStatus",
        "AlumniGivingChannelEnum": "tenant_apps.alumni.giving.enums.DonationChannel",
        "AlumniGivingUpdateKindEnum": "tenant_apps.alumni.giving.enums.UpdateKind",
        "AlumniGivingFieldKindEnum": "tenant_apps.alumni.giving.enums.FieldKind",
        "AlumniGivingCertificateDesignEnum": "tenant_apps.alumni.giving.enums.CertificateDesign",
        "EmploymentVideoStatusEnum": "tenant_apps.employment.videos.enums.VideoStatus",
        "EmploymentVideoCategoryEnum": "tenant_apps.employment.videos.enums.VideoCategory",
        "EmploymentVideoAudienceEnum": "tenant_apps.employment.videos.enums.VideoAudience",
        "EmploymentAssessmentInstrumentEnum": "tenant_apps.employment.assessment.enums.InstrumentCode",
        "EmploymentQuestionCategoryEnum": "tenant_apps.employment.qa.enums.QuestionCategory",
        "EmploymentQuestionStatusEnum": "tenant_apps.employment.qa.enums.QuestionStatus",
        "EmploymentQuestionMessageSideEnum": "tenant_apps.employment.qa.enums.MessageSide",
        "EmploymentAdvisingKindEnum": "tenant_apps.employment.qa.enums.AdvisingKind",
        "EmploymentAdvisingBookingStatusEnum": "tenant_apps.employment.qa.enums.BookingStatus",
    },
}

# --- outside services ----------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="noreply@campus-saas.local")
SENTRY_DSN = env("SENTRY_DSN", default="")
init_sentry(SENTRY_DSN, environment=env("SENTRY_ENVIRONMENT", default="local"))
