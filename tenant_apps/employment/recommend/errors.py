from enum import StrEnum


class RecommendErrorCode(StrEnum):
    INVALID_CITY = "invalid_city_code"
    INVALID_INTENTION = "invalid_intention"
    NOT_A_STUDENT = "not_a_student"
