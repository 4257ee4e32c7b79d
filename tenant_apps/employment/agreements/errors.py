from enum import StrEnum


class AgreementErrorCode(StrEnum):
    INVALID_STATE = "invalid_agreement_state"
    STUDENT_NOT_FOUND = "agreement_student_not_found"
    ALREADY_LIVE = "student_has_live_agreement"
    ALREADY_INVITED = "invitation_already_open"
    EXPIRED = "invitation_expired"
    EMPLOYER_NOT_PERMITTED = "employer_not_permitted"
    SEAL_REQUIRED = "employer_seal_required"
    INVALID_TERMS = "invalid_agreement_terms"
    REASON_REQUIRED = "reason_required"
    PROOF_REQUIRED = "termination_proof_required"
    NOT_A_PARTY = "not_a_party"
    VERIFICATION_FAILED = "agreement_verification_failed"
