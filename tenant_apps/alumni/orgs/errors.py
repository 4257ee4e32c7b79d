from enum import StrEnum


class OrgErrorCode(StrEnum):
    ROOT_EXISTS = "association_exists"
    NO_ASSOCIATION = "association_missing"
    NOT_ORG_ADMIN = "not_org_admin"
    INVITATION_INVALID = "invitation_invalid"
    EXPORT_NOT_APPROVED = "export_not_approved"
    EXPORT_DECIDED = "export_already_decided"
    MEMBERSHIP_CLOSED = "membership_closed"
    ORG_INACTIVE = "organization_inactive"
    CYCLE = "organization_cycle"
