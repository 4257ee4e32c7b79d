class ChatErrorCode:
    JOB_NOT_AVAILABLE = "job_not_available"
    NOT_A_STUDENT = "not_a_student"
    EMPTY_MESSAGE = "empty_message"
    ALREADY_REPORTED = "already_reported"
    REPORT_CLOSED = "report_closed"
    APPLICATION_WITHDRAWN = "application_withdrawn"
