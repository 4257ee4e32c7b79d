from enum import StrEnum


class SurveyErrorCode(StrEnum):
    INVALID_STATE = "invalid_survey_state"
    INVALID_QUESTION = "invalid_question"
    INVALID_JUMP = "invalid_skip_logic"
    INVALID_ANSWER = "invalid_answer"
    REQUIRED = "required_question_unanswered"
    ALREADY_ANSWERED = "survey_already_answered"
    QUOTA_FULL = "survey_quota_full"
    NOT_IN_AUDIENCE = "not_in_survey_audience"
    CLOSED = "survey_closed"
