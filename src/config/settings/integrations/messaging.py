"""Outside messaging services: where our workers may connect (docs/decisions/0107-outbound-connections.md)."""

from config.settings.env import env

# Provider API endpoints come from here, never from a tenant's settings.
MESSAGING_PROVIDER_ENDPOINTS = {
    "aliyun_sms": env("ALIYUN_SMS_ENDPOINT", default="https://dysmsapi.aliyuncs.com/"),
    "aliyun_vms": env("ALIYUN_VMS_ENDPOINT", default="https://dyvmsapi.aliyuncs.com/"),
    "tencent_sms": env("TENCENT_SMS_ENDPOINT", default="https://sms.tencentcloudapi.com/"),
}
# Only for tests that point a provider at a local fake server: honour a tenant's `endpoint`.
MESSAGING_TENANT_ENDPOINTS_ALLOWED = env.bool("MESSAGING_TENANT_ENDPOINTS_ALLOWED", default=False)
# SMTP hosts a tenant may use even though they resolve to a non-public address (a vendor's
# own relay inside the VPC, say). Everything else must resolve to public addresses only.
MESSAGING_SMTP_ALLOWED_HOSTS = env.list("MESSAGING_SMTP_ALLOWED_HOSTS", default=[])
