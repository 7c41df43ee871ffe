"""Korean sentence templates for custom errors and Korean labels for enum members.

Templates name arguments as ``{arg}`` (the ABI's argument names); the kit fills them
with formatted values (short addresses, KST times, amounts with separators). A template
is looked up by contract and error name, then by error name alone. The kit's test fails
for an error or an enum member of the build that has no Korean here, and for a template
naming an argument its error does not have.
"""

from __future__ import annotations

ERRORS: dict[str, str] = {
    # --- shared by several services
    "InvalidAdmin": "관리자 주소가 비어 있습니다.",
    "ZeroAmount": "금액은 0보다 커야 합니다.",
    # --- NW (NWToken)
    "ZeroAddress": "주소가 비어 있습니다.",
    "EmptyReference": "참조 번호(활동, 사업자 등록, 정산)가 비어 있습니다.",
    "IssuerBudgetExceeded": (
        "발행 기관 {issuer}의 {period} 기간 남은 예산은 {remaining}인데 {requested}를 발행하려 했습니다."
    ),
    "BudgetTooLarge": "예산 한도 {limit}가 너무 큽니다.",
    "ActivityAlreadyRewarded": "이 봉사 활동({activityRef})은 이미 보상을 받았습니다.",
    "BatchLengthMismatch": "일괄 처리 목록의 길이가 서로 다릅니다.",
    "MerchantAlreadyRegistered": "가맹점 {merchant}은(는) 이미 등록되어 있습니다.",
    "MerchantNotActive": "{account}은(는) 영업 중인 등록 가맹점이 아닙니다.",
    "MerchantNotSuspended": "가맹점 {merchant}은(는) 정지 상태가 아닙니다.",
    "MerchantNotRegistered": "{account}은(는) 등록된 가맹점이 아닙니다.",
    "BusinessRegistrationClaimed": (
        "이 사업자 등록({businessRegistrationHash})은 이미 가맹점 {merchant}의 것입니다."
    ),
    "SpendingPolicyViolation": (
        "NW는 등록된 가맹점에만 쓸 수 있습니다: {from}에서 {to}(으)로 보낼 수 없습니다."
    ),
    "SpendingPolicyUnchanged": "사용 정책이 이미 '{policy}'입니다.",
    "PolicyAlreadySealed": "사용 정책은 봉인되어 더 이상 바꿀 수 없습니다.",
    "SettlementReferenceUsed": "정산 번호 {settlementRef}는 이미 사용되었습니다.",
    "AuthorizationNotYetValid": (
        "{payer}의 결제 승인({nonce})은 {validAfter} 이후에만 쓸 수 있습니다."
    ),
    "AuthorizationExpired": "{payer}의 결제 승인({nonce})은 {validBefore}에 만료되었습니다.",
    "AuthorizationAlreadyUsed": "{payer}의 결제 승인({nonce})은 이미 사용되었거나 취소되었습니다.",
    "InvalidAuthorizationSignature": "결제 승인({nonce})의 서명이 {signer}의 것이 아닙니다.",
    "ServiceAccountNotContract": "{account}은(는) 컨트랙트가 아니어서 서비스 계정이 될 수 없습니다.",
    "ServiceAccountAlreadyAdded": "{account}은(는) 이미 서비스 계정입니다.",
    "NotServiceAccount": "{account}은(는) 서비스 계정이 아닙니다.",
    # --- M-Voting (MVoting)
    "InvalidOptionCount": "선택지 수({optionCount})가 올바르지 않습니다: 2개 이상 32개 이하여야 합니다.",
    "InvalidBallotWindow": "투표 기간이 올바르지 않습니다 (시작 {start}, 종료 {end}, 공개 마감 {revealEnd}).",
    "EmptyEligibilityRoot": "선거인 명부 루트가 비어 있습니다.",
    "UnknownBallot": "{ballotId}번 투표는 없습니다.",
    "BallotIsCancelled": "{ballotId}번 투표는 취소되었습니다.",
    "BallotAlreadyOpened": "{ballotId}번 투표는 {start}에 이미 시작되어 취소할 수 없습니다.",
    "BallotNotOpen": "{ballotId}번 투표는 지금({timestamp}) 진행 중이 아닙니다: 투표 기간은 {start}부터 {end}까지입니다.",
    "WrongBallotMode": "{ballotId}번 투표의 방식(비밀 투표: {secret})에 맞지 않는 요청입니다.",
    "NotEligible": "{voter}의 {index}번 자리(가중치 {weight})는 {ballotId}번 투표의 선거인 명부에 없습니다.",
    "AlreadyVoted": "{index}번 자리는 {ballotId}번 투표에 이미 투표했습니다.",
    "InvalidChoice": "선택지 {choice}은(는) 없습니다: {ballotId}번 투표의 선택지는 {optionCount}개입니다.",
    "NonceMismatch": "서명된 투표의 순번이 맞지 않습니다 ({index}번 자리: 예상 {expected}, 받은 값 {given}).",
    "NotInRevealWindow": "{ballotId}번 투표의 공개 기간({end}부터 {revealEnd}까지)이 아닙니다 (지금 {timestamp}).",
    "NoCommitment": "{index}번 자리는 {ballotId}번 투표에 봉인된 투표가 없습니다.",
    "AlreadyRevealed": "{index}번 자리의 봉인된 투표는 이미 공개되었습니다.",
    "RevealMismatch": "선택과 비밀값이 {index}번 자리의 봉인된 투표와 맞지 않습니다. 저장한 비밀값을 확인하세요.",
    "BallotNotClosed": "{ballotId}번 투표는 {closesAt}에 마감된 뒤에 확정할 수 있습니다 (지금 {timestamp}).",
    "BallotAlreadyFinalized": "{ballotId}번 투표의 결과는 이미 확정되었습니다.",
    "EmptyBatch": "묶음(일괄 처리 목록)이 비어 있습니다.",
    # --- vehicle registry (VehicleRegistry)
    "InvalidVin": "차대번호 {vin}이(가) 올바르지 않습니다.",
    "VinAlreadyRegistered": "차대번호 {vin}은(는) 이미 등록되어 있습니다.",
    "InvalidOwner": "소유자 주소 {owner}이(가) 올바르지 않습니다.",
    "UnknownVehicle": "등록되지 않은 차량입니다 ({tokenId}).",
    "VehicleAlreadyScrapped": "이 차량({tokenId})은 이미 폐차되었습니다.",
    "RecorderNotAuthorized": "{account}은(는) '{kind}' 기록을 남길 권한이 없습니다.",
    "RecordKindNotWritable": "'{kind}' 기록은 기록 함수로 남길 수 없습니다 (권한표에 없는 종류입니다).",
    "OdometerRollback": "주행거리 되돌림: 차량({tokenId})의 기록은 {recorded}km인데 {attempted}km를 기록하려 했습니다.",
    "OdometerSegmentsExhausted": "이 차량({tokenId})은 계기판 교체 횟수를 모두 썼습니다.",
    "InvalidSeverity": "사고 등급 {severity}이(가) 올바르지 않습니다.",
    "UnknownRecord": "{recordId}번 기록은 없습니다.",
    "RecordProofMismatch": "{recordId}번 기록의 증명이 차량({tokenId})의 저장된 이력 해시와 맞지 않습니다. 로그에서 이력을 다시 읽으세요.",
    "RecordNotCorrectable": "{recordId}번 기록('{kind}')은 정정할 수 없습니다.",
    "RecordAlreadyCorrected": "{recordId}번 기록은 이미 {correctedBy}번 기록으로 정정되었습니다.",
    "MileageCorrectionNotLatest": "주행거리 정정은 가장 최근 기록({latestReading})에만 할 수 있습니다.",
    "ListerNotAuthorized": "{account}은(는) 이 차량을 판매 등록할 권한이 없습니다.",
    "VehicleListed": "이 차량은 {saleId}번 판매에 등록되어 있습니다.",
    "InvalidPaymentToken": "결제 토큰 {token}이(가) 올바르지 않습니다.",
    "InvalidPrice": "가격 {price}이(가) 올바르지 않습니다.",
    "BuyerIsSeller": "판매자는 자기 차량을 살 수 없습니다 ({buyer}).",
    "UnknownSale": "{saleId}번 판매는 없습니다.",
    "SaleTermsMismatch": "{saleId}번 판매의 조건이 등록된 조건과 다릅니다 (등록된 조건 해시 {termsHash}, 받은 조건 해시 {given}). 판매 등록 로그의 조건을 그대로 보내세요.",
    "UnexpectedSaleStatus": "{saleId}번 판매는 지금 '{status}' 상태라 이 작업을 할 수 없습니다.",
    "SaleExpired": "{saleId}번 판매는 {expiresAt}에 만료되었습니다.",
    "NotBuyer": "{account}은(는) {saleId}번 판매의 구매자({buyer})가 아닙니다.",
    "NotSaleParty": "{account}은(는) {saleId}번 판매의 당사자가 아닙니다.",
    "StaleAcknowledgement": "새 기록이 추가되었습니다: {acknowledged}번까지 확인했지만 최신은 {latest}번입니다. 다시 확인하세요.",
    "HistoryHeadMismatch": "확인한 이력 해시({acknowledged})가 차량({tokenId})의 최신 이력 해시({head})와 다릅니다. 새 기록을 확인하고 다시 시도하세요.",
    "PaymentShortfall": "받은 대금이 부족합니다: {expected}가 필요한데 {received}를 받았습니다.",
    # --- subcontract escrow (SubcontractEscrow)
    "InvalidPrime": "원도급사 주소 {prime}이(가) 올바르지 않습니다.",
    "InvalidSupervisor": "감독자 주소 {supervisor}이(가) 올바르지 않습니다.",
    "InvalidToken": "토큰 주소 {token}이(가) 올바르지 않습니다.",
    "InvalidMilestoneCount": "단계 수 {count}이(가) 올바르지 않습니다 (최대 {max}).",
    "TooManyPayees": "{milestoneIndex}단계의 수령인이 너무 많습니다 ({count}명, 최대 {max}명).",
    "InvalidMilestoneAmount": "{milestoneIndex}단계 금액 {amount}이(가) 올바르지 않습니다.",
    "DeadlineNotInFuture": "{milestoneIndex}단계 기한 {deadline}은(는) 미래여야 합니다 (지금 {nowTimestamp}).",
    "InvalidPayee": "{milestoneIndex}단계 {payeeIndex}번 수령인 주소 {payee}이(가) 올바르지 않습니다.",
    "ZeroShare": "{milestoneIndex}단계 {payeeIndex}번 수령인의 몫이 0입니다.",
    "SharesExceedMilestone": "{milestoneIndex}단계 몫의 합 {total}이(가) 단계 금액 {amount}보다 큽니다.",
    "UnknownProject": "{projectId}번 사업은 없습니다.",
    "UnknownMilestone": "{projectId}번 사업에 {milestoneIndex}단계는 없습니다.",
    "UnknownPayee": "{projectId}번 사업 {milestoneIndex}단계에 {payeeIndex}번 수령인은 없습니다.",
    "NotProjectAgency": "{account}은(는) {projectId}번 사업의 발주 기관이 아닙니다.",
    "NotProjectSupervisor": "{account}은(는) {projectId}번 사업의 감독자가 아닙니다.",
    "NotDisputant": "{account}은(는) {projectId}번 사업에 이의를 제기할 수 없습니다.",
    "NotPayee": "{account}은(는) {projectId}번 사업 {milestoneIndex}단계 {payeeIndex}번 수령인이 아닙니다.",
    "MilestoneNotOpen": "{projectId}번 사업 {milestoneIndex}단계는 '{status}' 상태입니다 (진행 중이어야 합니다).",
    "MilestoneNotDisputed": "{projectId}번 사업 {milestoneIndex}단계는 '{status}' 상태입니다 (분쟁 중이 아닙니다).",
    "MilestoneSettled": "{projectId}번 사업 {milestoneIndex}단계는 이미 끝났습니다 ('{status}').",
    "DeadlinePassed": "{projectId}번 사업 {milestoneIndex}단계의 기한({deadline})이 지났습니다.",
    "DeadlineNotReached": "{projectId}번 사업 {milestoneIndex}단계의 기한({deadline})이 아직 지나지 않았습니다.",
    "MilestoneFullyFunded": "{projectId}번 사업 {milestoneIndex}단계는 이미 전액 입금되었습니다.",
    "MilestoneUnderfunded": "{projectId}번 사업 {milestoneIndex}단계 입금액 {funded}이(가) 금액 {amount}에 못 미칩니다.",
    "SplitExceedsFunded": "분배액 {payeeAmount}이(가) 입금액 {funded}보다 큽니다.",
    "NothingToRefund": "{projectId}번 사업 {milestoneIndex}단계에 환불할 금액이 없습니다.",
    "NothingReceived": "토큰 {token}이(가) 하나도 들어오지 않았습니다 (보낸 양 {sent}).",
    "NothingToWithdraw": "{account}이(가) 찾을 수 있는 금액이 없습니다.",
    "PaymentAlreadyWithdrawn": (
        "{projectId}번 사업 {milestoneIndex}단계 {payeeIndex}번 수령인의 몫은 이미 지급되었습니다."
    ),
    "InvalidNewPayee": "새 수령 주소 {account}이(가) 올바르지 않습니다.",
    "PayeeChangeNotProposed": "{account}(으)로 수령 주소를 바꾸자는 제안이 없습니다.",
    "NoSurplus": "토큰 {token}의 남는 금액이 없습니다.",
    "InvalidRecipient": "받는 주소 {recipient}이(가) 올바르지 않습니다.",
    # --- labor records (LaborRegistry)
    "EmployerAlreadyRegistered": "사업주 {employer}은(는) 이미 등록되어 있습니다.",
    "NotEmployerVerifier": "{account}은(는) 사업주를 확인할 권한(노동 당국, 사업자 등록 기관)이 없습니다.",
    "EmployerAlreadyVerified": "사업주 {employer}은(는) 이미 확인되었습니다.",
    "BusinessHashVerifiedForOther": (
        "이 사업자 등록({businessHash})은 이미 {holder}에게 확인되어 있습니다: 확인을 옮기세요."
    ),
    "EmployerNotVerified": "{employer}은(는) 확인된 사업주가 아닙니다.",
    "BusinessHashMismatch": (
        "사업주 {employer}이(가) 등록한 사업자 번호({businessHash})가 기대한 번호({expected})와 다릅니다."
    ),
    "CheckpointUnorderedInsertion": "최저임금 일정은 시간 순서대로만 추가할 수 있습니다.",
    "CurveOperationFailed": (
        "타원곡선 연산({precompile})이 실패했습니다: 점 ({x}, {y})이(가) 곡선 위에 없습니다."
    ),
    "EmployerNotRegistered": "사업주 {employer}은(는) 등록되어 있지 않습니다.",
    "InvalidBusinessHash": "사업자 등록 참조가 비어 있습니다.",
    "InvalidDocumentHash": "문서 참조가 비어 있습니다.",
    "InvalidWorker": "노동자 주소 {worker}이(가) 올바르지 않습니다.",
    "InvalidWeeklyMinutes": "주당 근로 시간({weeklyMinutes}분)이 올바르지 않습니다.",
    "InvalidContractPeriod": "계약 기간이 올바르지 않습니다 ({startDay} ~ {endDay}).",
    "WageBelowMinimum": "시급 {hourlyWage}은(는) {day}의 최저임금 {minimumWage}보다 낮습니다.",
    "NoMinimumWageInForce": "{day}에 적용되는 최저임금이 없습니다.",
    "MinimumWageNotIncreasingDay": "최저임금 시행일 {effectiveDay}은(는) 직전 시행일 {lastEffectiveDay}보다 뒤여야 합니다.",
    "MinimumWageRetroactive": "최저임금 시행일 {effectiveDay}은(는) 오늘({today})보다 앞설 수 없습니다.",
    "InvalidMinimumWage": "최저임금 {hourlyWage}이(가) 올바르지 않습니다.",
    "AgreementIdUsed": "계약 번호 {agreementId}는 이미 쓰였습니다 ('{status}').",
    "AgreementNotInStatus": "계약 {agreementId}은(는) 지금 '{status}' 상태라 이 작업을 할 수 없습니다.",
    "NotAgreementParty": "{account}은(는) 계약 {agreementId}의 당사자가 아닙니다.",
    "NotEmployer": "{account}은(는) 계약 {agreementId}의 사업주가 아닙니다.",
    "NotWorker": "{account}은(는) 계약 {agreementId}의 노동자가 아닙니다.",
    "AmendmentStartsEarlier": "변경 계약의 시작일 {startDay}은(는) 이전 시작일 {previousStartDay}보다 앞설 수 없습니다.",
    "InvalidReasonCode": "사유 코드 {reasonCode}이(가) 올바르지 않습니다.",
    "InsuranceTransitionInvalid": "계약 {agreementId}의 {kind}은(는) 지금 '{current}' 상태라 바꿀 수 없습니다.",
    "NotInsurer": "{account}은(는) {kind} 보험 기관이 아닙니다.",
    "InvalidShiftMinutes": "{index}번째 근무의 근무 시간({workedMinutes}분)이 올바르지 않습니다.",
    "ShiftOutOfPeriod": "{index}번째 근무일 {day}은(는) 계약 기간 밖입니다.",
    "ShiftNotRecorded": "계약 {agreementId}의 {shiftIndex}번 근무는 '{status}' 상태입니다 (확인 대기 중이 아닙니다).",
    "InvalidWagePeriod": "임금 기간이 올바르지 않습니다 ({periodStartDay} ~ {periodEndDay}).",
    "InvalidWageAmount": "임금 {amount}이(가) 올바르지 않습니다.",
    "WageTokenDisabled": "NW 임금 지급이 설정되어 있지 않습니다.",
    "WageTokenShortfall": "받은 임금이 부족합니다: {expected}가 필요한데 {received}를 받았습니다.",
    "CareerIdsNotAscending": "경력 확인 목록의 {index}번째 계약 번호가 오름차순이 아닙니다.",
    "NotWorkersAgreement": "계약 {agreementId}은(는) {worker}의 계약이 아닙니다.",
    # --- certificates (CertificateRegistry)
    "EmptySchemaHash": "증명서 종류의 양식 참조가 비어 있습니다.",
    "UnknownType": "{typeId}번 증명서 종류는 없습니다.",
    "TooManyTypes": "증명서 종류 번호를 모두 썼습니다.",
    "IssuerNotPermitted": "{issuer}은(는) {typeId}번 증명서를 발급할 권한이 없습니다.",
    "PermissionUnchanged": "{issuer}의 {typeId}번 발급 권한은 이미 '{allowed}'입니다.",
    "ZeroHolder": "{index}번째 증명서의 소지자 주소가 비어 있습니다.",
    "EmptyClaimsRoot": "{index}번째 증명서의 내용 루트가 비어 있습니다.",
    "UnknownCertificate": "{certificateId}번 증명서는 없습니다.",
    "CertificateNotActive": "{certificateId}번 증명서는 '{status}' 상태입니다 (유효한 증명서가 아닙니다).",
    "CertificateNotSuspended": "{certificateId}번 증명서는 '{status}' 상태입니다 (정지된 증명서가 아닙니다).",
    "RevocationNotAllowed": "{typeId}번 증명서는 취소할 수 없는 종류입니다 ('{policy}').",
    "SuspensionNotAllowed": "{typeId}번 증명서는 정지할 수 없는 종류입니다 ('{policy}').",
    "ReasonRequired": "{certificateId}번 증명서를 취소하거나 정지하려면 사유를 밝혀야 합니다.",
    "NotHolder": "{account}은(는) {certificateId}번 증명서의 소지자가 아닙니다.",
    "ConsentChangeNotAllowed": "{certificateId}번 증명서의 동의 상태를 '{current}'에서 '{requested}'(으)로 바꿀 수 없습니다.",
    # --- OpenZeppelin errors the ABIs include
    "AccessControlUnauthorizedAccount": "{account}에게는 이 작업의 권한({neededRole})이 없습니다.",
    "AccessControlBadConfirmation": "권한 포기는 본인 계정으로만 할 수 있습니다.",
    "ERC20InsufficientBalance": "잔액이 부족합니다: {sender}의 잔액은 {balance}인데 {needed}가 필요합니다.",
    "ERC20InsufficientAllowance": "{spender}에게 허락된 금액 {allowance}이(가) 필요한 {needed}보다 적습니다.",
    "ERC20InvalidSender": "보내는 주소 {sender}이(가) 올바르지 않습니다.",
    "ERC20InvalidReceiver": "받는 주소 {receiver}이(가) 올바르지 않습니다.",
    "ERC20InvalidApprover": "승인하는 주소 {approver}이(가) 올바르지 않습니다.",
    "ERC20InvalidSpender": "사용 허락을 받을 주소 {spender}이(가) 올바르지 않습니다.",
    "ERC2612ExpiredSignature": "서명의 유효 기간({deadline})이 지났습니다.",
    "ERC2612InvalidSigner": "서명자 {signer}이(가) 소유자 {owner}와 다릅니다.",
    "InvalidAccountNonce": "{account}의 서명 순번이 맞지 않습니다 (현재 {currentNonce}).",
    "ERC721InvalidOwner": "소유자 주소 {owner}이(가) 올바르지 않습니다.",
    "ERC721NonexistentToken": "등록증 {tokenId}은(는) 없습니다.",
    "ERC721IncorrectOwner": "{sender}은(는) 등록증 {tokenId}의 소유자({owner})가 아닙니다.",
    "ERC721InvalidSender": "보내는 주소 {sender}이(가) 올바르지 않습니다.",
    "ERC721InvalidReceiver": "받는 주소 {receiver}이(가) 올바르지 않습니다.",
    "ERC721InsufficientApproval": "{operator}은(는) 등록증 {tokenId}을(를) 옮길 승인을 받지 않았습니다.",
    "ERC721InvalidApprover": "승인하는 주소 {approver}이(가) 올바르지 않습니다.",
    "ERC721InvalidOperator": "대리인 주소 {operator}이(가) 올바르지 않습니다.",
    "EnforcedPause": "서비스가 일시 정지되어 있습니다.",
    "ExpectedPause": "서비스가 정지 상태가 아닙니다.",
    "ReentrancyGuardReentrantCall": "처리 중인 요청 안에서 다시 호출할 수 없습니다.",
    "SafeERC20FailedOperation": "토큰 {token}의 전송이 실패했습니다.",
    "SafeCastOverflowedUintDowncast": "값 {value}이(가) {bits}비트 범위를 넘습니다.",
    "SafeCastOverflowedUintToInt": "값 {value}이(가) 부호 있는 정수 범위를 넘습니다.",
    "SafeCastOverflowedIntToUint": "음수 값 {value}은(는) 쓸 수 없습니다.",
    "GasTooLowForWalletCheck": "지갑 서명 확인에 쓸 가스가 부족합니다. 가스를 더 주고 다시 보내세요.",
    "InvalidShortString": "문자열이 올바르지 않습니다.",
    "StringTooLong": "문자열이 너무 깁니다.",
    "ECDSAInvalidSignature": "서명이 올바르지 않습니다.",
    "ECDSAInvalidSignatureLength": "서명 길이({length})가 올바르지 않습니다.",
    "ECDSAInvalidSignatureS": "서명 값이 올바르지 않습니다.",
}

#: Per contract, where one error name has different arguments in different services.
ERRORS_BY_CONTRACT: dict[str, dict[str, str]] = {
    "MVoting": {
        "BallotSignatureExpired": "{voter}의 서명된 투표는 {deadline}에 만료되었습니다.",
        "InvalidBallotSignature": "서명이 {voter}의 것이 아닙니다.",
        "WrongEncryption": "{ballotId}번 투표의 방식과 맞지 않는 요청입니다(암호 투표 여부: {encrypted}).",
        "InvalidCommittee": "선거관리위원(신탁인) 수 {trustees}명은 허용되지 않습니다.",
        "NotTrustee": "{account}은(는) {ballotId}번 투표의 선거관리위원이 아닙니다.",
        "AlreadyPosted": "선거관리위원 {trustee}은(는) {ballotId}번 투표에 이미 제출했습니다.",
        "KeyWindowClosed": "{ballotId}번 투표의 키 제출 기간은 시작 시각({start}) 전까지입니다(지금 {timestamp}).",
        "ElectionKeyNotReady": (
            "{ballotId}번 투표의 선거 키가 아직 완성되지 않았습니다({trustees}명 중 {posted}명 제출)."
        ),
        "NotInDecryptionWindow": (
            "{ballotId}번 투표의 부분 복호화는 {end}부터 {revealEnd} 전까지 제출합니다(지금 {timestamp})."
        ),
        "DecryptionIncomplete": (
            "{ballotId}번 투표의 부분 복호화가 아직 모이지 않았습니다({trustees}명 중 {posted}명)."
        ),
        "LengthMismatch": "{ballotId}번 투표: {expected}개가 필요한데 {given}개가 주어졌습니다.",
        "PreviousBallotMismatch": (
            "{ballotId}번 투표 {index}번 자리의 이전 암호문이 기록({commitment})과 다릅니다."
        ),
        "InvalidKeyProof": "선거관리위원 {trustee}의 키 증명이 맞지 않습니다({ballotId}번 투표).",
        "InvalidBitProof": (
            "{ballotId}번 투표 {index}번 자리의 {option}번 선택지 암호문이 0 또는 1이라는 증명이 맞지 않습니다."
        ),
        "InvalidSumProof": "{ballotId}번 투표 {index}번 자리의 선택 합계 증명이 맞지 않습니다.",
        "InvalidDecryptionProof": (
            "선거관리위원 {trustee}의 {option}번 선택지 부분 복호화 증명이 맞지 않습니다({ballotId}번 투표)."
        ),
        "CountMismatch": "{ballotId}번 투표 {option}번 선택지의 득표 {weight}가 복호화 결과와 다릅니다.",
        "CiphertextNotSigned": "{voter}의 서명이 이 암호문({choice})을 가리키지 않습니다({ballotId}번 투표).",
    },
    "CertificateRegistry": {
        "InvalidBatchSize": "한 번에 1개에서 {max}개까지 발급할 수 있습니다 ({count}개를 요청했습니다).",
        "InvalidExpiry": "{index}번째 증명서의 만료 시각 {expiresAt}이(가) 올바르지 않습니다 (지금 이후, {latest} 이전이어야 합니다).",
        "ConsentSignatureExpired": "{certificateId}번 증명서 동의 서명은 {deadline}에 만료되었습니다.",
        "InvalidConsentSignature": "{certificateId}번 증명서 동의 서명이 소지자 {holder}의 것이 아닙니다.",
    },
    "VehicleRegistry": {
        "ExpiryNotInFuture": "판매 만료 시각 {expiresAt}은(는) 지금({nowTs}) 이후여야 합니다.",
    },
    "LaborRegistry": {
        "InvalidBatchSize": "한 번에 1건에서 {max}건까지 처리할 수 있습니다 ({count}건을 보냈습니다).",
        "SignatureExpired": "서명은 {deadline}에 만료되었습니다 (지금 {timestamp}).",
        "InvalidSignature": "서명이 {signer}의 것이 아닙니다.",
    },
}

#: Korean labels of enum members, by enum (``Interface.Enum``) and member name.
ENUM_LABELS: dict[str, dict[str, str]] = {
    "INWToken.SpendingPolicy": {"MerchantsOnly": "가맹점에서만 사용", "Open": "누구에게나 사용"},
    "INWToken.MerchantStatus": {"Unregistered": "미등록", "Active": "영업 중", "Suspended": "정지"},
    "INWToken.PaymentRejection": {
        "None": "결제됨",
        "NotYetValid": "아직 유효하지 않은 승인",
        "Expired": "만료된 승인",
        "AuthorizationUsed": "이미 사용되거나 취소된 승인",
        "ZeroAmount": "금액 0",
        "PolicyViolation": "사용 정책 위반",
        "InsufficientBalance": "잔액 부족",
        "InvalidSignature": "서명 불일치",
    },
    "IMVoting.BallotState": {
        "None": "없음",
        "Created": "진행",
        "Cancelled": "취소",
        "Finalized": "확정",
    },
    "IMVoting.Outcome": {
        "None": "없음",
        "Winner": "당선",
        "Tie": "동률",
        "QuorumNotMet": "정족수 미달",
    },
    "IMVoting.Rejection": {
        "None": "없음",
        "NotEligible": "선거인 명부에 없음",
        "AlreadyVoted": "이미 투표함",
        "InvalidChoice": "없는 선택지",
        "SignatureExpired": "서명 만료",
        "NonceMismatch": "순번 불일치",
        "InvalidSignature": "잘못된 서명",
        "InvalidProof": "잘못된 암호 증명",
    },
    "IVehicleRegistry.RecordKind": {
        "Registration": "신규 등록",
        "Inspection": "정기 검사",
        "Mileage": "주행거리",
        "Accident": "사고",
        "Repair": "수리",
        "OdometerReplacement": "계기판 교체",
        "Sale": "매매",
        "Scrap": "폐차",
    },
    "IVehicleRegistry.SaleStatus": {
        "None": "없음",
        "Listed": "판매 등록",
        "Funded": "대금 입금",
        "Completed": "매매 완료",
        "Cancelled": "취소",
    },
    "ISubcontractEscrow.MilestoneStatus": {
        "None": "없음",
        "Open": "진행 중",
        "Disputed": "분쟁 중",
        "Released": "승인되어 지급",
        "Resolved": "분쟁 해결",
        "Refunded": "환불",
    },
    "ISubcontractEscrow.PayeeKind": {
        "Worker": "노동자 임금",
        "Subcontractor": "하도급사",
        "Prime": "원도급사",
    },
    "ILaborRegistry.AgreementStatus": {
        "None": "없음",
        "Proposed": "제안됨",
        "Active": "유효",
        "Terminated": "종료",
        "Cancelled": "취소",
    },
    "ILaborRegistry.ShiftStatus": {
        "None": "없음",
        "Recorded": "확인 대기",
        "Confirmed": "확인",
        "Disputed": "이의 제기",
    },
    "ILaborRegistry.Insurance": {
        "NationalPension": "국민연금",
        "Health": "건강보험",
        "Employment": "고용보험",
        "IndustrialAccident": "산재보험",
    },
    "ILaborRegistry.InsuranceStatus": {"None": "없음", "Enrolled": "가입", "Withdrawn": "탈퇴"},
    "ICertificateRegistry.RevocationPolicy": {
        "Irrevocable": "취소 불가",
        "RevocableOnly": "취소 가능",
        "RevocableAndSuspendable": "취소·정지 가능",
    },
    "ICertificateRegistry.CertificateStatus": {
        "None": "없음",
        "Active": "유효",
        "Suspended": "정지",
        "Revoked": "취소",
        "Replaced": "재발급으로 대체",
    },
    "ICertificateRegistry.Consent": {
        "Pending": "응답 대기",
        "Accepted": "수락",
        "Refused": "거절",
        "Hidden": "숨김",
    },
    "ICertificateRegistry.Validity": {
        "Valid": "유효",
        "Unknown": "없는 증명서",
        "Revoked": "취소됨",
        "Replaced": "재발급으로 대체됨",
        "Suspended": "정지됨",
        "Expired": "만료됨",
        "Refused": "소지자가 거절함",
        "Hidden": "소지자가 숨김",
        "NotAccepted": "소지자가 아직 수락하지 않음",
    },
    "ICertificateRegistry.Reason": {
        "Unspecified": "사유 없음",
        "IssuedInError": "잘못 발급",
        "TermEnded": "임기 종료",
        "Misconduct": "부정 행위",
        "EligibilityLost": "자격 상실",
        "HolderRequest": "소지자 요청",
        "IssuerCompromised": "발급 기관 키 유출",
    },
}


def error_template(contract: str, name: str) -> str | None:
    return ERRORS_BY_CONTRACT.get(contract, {}).get(name) or ERRORS.get(name)


def enum_label(enum: str, member: str) -> str | None:
    return ENUM_LABELS.get(enum, {}).get(member)
