from enum import StrEnum


class EvaluationErrorCode(StrEnum):
    WEIGHTS_NOT_100 = "weights_must_total_100"
    INDICATOR_SET_IN_USE = "indicator_set_in_use"
    INDICATOR_SET_ACTIVE = "indicator_set_active"
    NO_ACTIVE_INDICATOR_SET = "no_active_indicator_set"
    SCORING_NOT_OPEN = "scoring_not_open"
    SCORING_CLOSED = "scoring_closed"
    MEMBER_NOT_ATTENDING = "member_not_attending"
    INVALID_SCORES = "invalid_scores"
    FLAG_CLOSED = "flag_closed"
