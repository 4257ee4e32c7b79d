from enum import StrEnum


class PanelErrorCode(StrEnum):
    PROJECT_ARCHIVED = "project_archived"
    PROJECT_NOT_APPROVED = "project_not_approved"
    INVALID_CONDITIONS = "invalid_conditions"
    DRAW_STATE = "draw_state"
    SUPERVISOR_VALUES = "supervisor_values_required"
    INVITATION_INVALID = "invitation_invalid"
    INVITATION_CLOSED = "invitation_closed"
    LEAVE_TOO_LATE = "leave_too_late"
    APPLICATION_NOT_ALLOWED = "application_not_allowed"
    SHEET_TEMPLATE_INVALID = "sheet_template_invalid"
