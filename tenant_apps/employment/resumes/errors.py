class ResumeErrorCode:
    NOT_A_STUDENT = "not_a_student"
    TOO_MANY_RESUMES = "too_many_resumes"
    RESUME_IN_USE = "resume_in_use"
    SECTION_TOO_LONG = "section_too_long"
    UNKNOWN_SECTION = "unknown_section"
    EMPTY_COMMENT = "empty_comment"
    TOO_MANY_ATTACHMENTS = "too_many_attachments"
