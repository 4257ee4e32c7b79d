from enum import StrEnum


class CardErrorCode(StrEnum):
    NOT_VERIFIED = "card_not_verified"
    CLAIM_CLOSED = "card_claim_closed"
    BAD_CLAIM_LINK = "card_bad_claim_link"
    NO_CARD = "card_not_claimed"
    CARD_REVOKED = "card_revoked"
    PARTNER_INACTIVE = "card_partner_inactive"
    TOKEN_EXPIRED = "card_token_expired"
    TOKEN_INVALID = "card_token_invalid"
    WRONG_PARTNER = "card_wrong_partner"
    STAFF_KEY_INVALID = "card_staff_key_invalid"
    COUPON_ALREADY_REDEEMED = "coupon_already_redeemed"
    COUPON_NOT_VALID_HERE = "coupon_not_valid_here"
    COUPON_OUT_OF_PERIOD = "coupon_out_of_period"
    COUPON_LIMIT = "coupon_batch_limit_reached"
    NOTHING_TO_ISSUE = "coupon_nothing_to_issue"
