"""The operator of the platform (the vendor), shown in the public site's footer and legal pages.

Chinese law asks a public web site to show its ICP filing number (ICP备案号) linked to the
MIIT filing site, and a public-security filing number once it has one.
"""

from config.settings.env import env

VENDOR_NAME = env("VENDOR_NAME", default="智慧校园服务平台")
VENDOR_COMPANY = env("VENDOR_COMPANY", default="智慧校园科技有限公司（演示）")
VENDOR_ICP_NUMBER = env("VENDOR_ICP_NUMBER", default="京ICP备00000000号-1")
VENDOR_PSB_NUMBER = env("VENDOR_PSB_NUMBER", default="")
VENDOR_CONTACT_PHONE = env("VENDOR_CONTACT_PHONE", default="400-000-0000")
VENDOR_CONTACT_EMAIL = env("VENDOR_CONTACT_EMAIL", default="support@example.com")

# Links in messages (SMS, e-mail, QR codes on receipts) are built from the tenant's primary
# domain with this scheme and port (core.web.links.tenant_url). Empty: http and the PORT of
# `scripts/run` while DEBUG is on, https without a port otherwise.
PUBLIC_URL_SCHEME = env("PUBLIC_URL_SCHEME", default="")
PUBLIC_URL_PORT = env("PUBLIC_URL_PORT", default="")

# Custom domains (shared_apps.domains): the TXT proof is looked up through these name servers
# (empty: the machine's resolver). Tests point them at a local DNS server on 127.0.0.1.
DNS_RESOLVER_NAMESERVERS = env.list("DNS_RESOLVER_NAMESERVERS", default=[])
DNS_RESOLVER_PORT = env.int("DNS_RESOLVER_PORT", default=53)
DNS_RESOLVER_TIMEOUT = env.float("DNS_RESOLVER_TIMEOUT", default=4.0)
