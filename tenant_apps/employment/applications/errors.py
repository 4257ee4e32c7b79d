class ApplicationErrorCode:
    NOT_A_STUDENT = "not_a_student"
    JOB_NOT_AVAILABLE = "job_not_available"
    ALREADY_APPLIED = "already_applied"
    RESUME_REQUIRED = "resume_required"
    RESUME_INCOMPLETE = "resume_incomplete"
    WRONG_STATE = "wrong_state"
    INTERVIEW_DETAILS = "interview_details_required"
    NOTHING_SELECTED = "nothing_selected"
