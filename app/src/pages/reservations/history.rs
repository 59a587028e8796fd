//! A reservation's history rows in the reader's language. The service stores stable codes
//! (`owner`, `not_arrived`, `fewest today: 1` …) so that tests and exports can rely on them; this
//! turns each into words, and leaves free text a person typed (a note) as it was.

use crate::api::reservations::status_msg;
use crate::domain::reservation::{Service, Status};
use crate::i18n::{fill, Lang, Msg};
use crate::pages::reservations::msg::ReservationsMsg;

/// (what happened, details) for one history row.
pub fn describe(kind: &str, from: &str, to: &str, note: &str, lang: Lang) -> (String, String) {
    let what = match kind {
        "create" => ReservationsMsg::HistCreate.text(lang).to_string(),
        "owner" => ReservationsMsg::HistOwner.text(lang).to_string(),
        "status" => Msg::HistStatus.text(lang).to_string(),
        "service" => ReservationsMsg::HistService.text(lang).to_string(),
        "web_booking" => ReservationsMsg::HistWebBooking.text(lang).to_string(),
        "reject" => ReservationsMsg::HistReject.text(lang).to_string(),
        other => other.to_string(),
    };
    let value = |v: &str| -> String {
        match kind {
            "status" | "create" => Status::parse(v)
                .map(|s| status_msg(s).text(lang).to_string())
                .unwrap_or_else(|| v.to_string()),
            "service" => Service::parse(v)
                .map(|s| service_msg(s).text(lang).to_string())
                .unwrap_or_else(|| v.to_string()),
            _ => v.to_string(),
        }
    };
    let change = match (from.is_empty(), to.is_empty()) {
        (true, true) => String::new(),
        (true, false) => format!("→ {}", value(to)),
        (false, true) => format!("{} →", value(from)),
        (false, false) => format!("{} → {}", value(from), value(to)),
    };
    let note = if kind == "owner" {
        reason(note, lang)
    } else if let Some(receipt) = note.strip_prefix("settled receipt=") {
        fill(
            ReservationsMsg::HistSettled.text(lang),
            &[("r", receipt.to_string())],
        )
    } else {
        note.to_string()
    };
    let details = match (change.is_empty(), note.is_empty()) {
        (_, true) => change,
        (true, false) => note,
        (false, false) => format!("{change} · {note}"),
    };
    (what, details)
}

fn service_msg(s: Service) -> Msg {
    match s {
        Service::Scheduled => Msg::ServiceScheduled,
        Service::Waiting => Msg::ServiceWaiting,
        Service::Serving => Msg::ServiceServing,
        Service::Closed => Msg::ServiceClosed,
    }
}

/// Why a consultant got the customer, from the code `domain::assignment::Reason::describe` and
/// the queue actions store; anything else (an older or typed note) is shown as it is.
pub fn reason(note: &str, lang: Lang) -> String {
    if let Some(rest) = note.strip_prefix("rejected; ") {
        return format!(
            "{}；{}",
            ReservationsMsg::ReasonRejected.text(lang),
            reason(rest, lang)
        );
    }
    if let Some(rest) = note.strip_prefix("arrived unassigned; ") {
        return format!(
            "{}；{}",
            ReservationsMsg::ReasonArrivedUnassigned.text(lang),
            reason(rest, lang)
        );
    }
    if let Some(n) = note.strip_prefix("fewest today: ") {
        return fill(
            ReservationsMsg::ReasonFewestToday.text(lang),
            &[("n", n.to_string())],
        );
    }
    if let Some(rate) = note.strip_prefix("best conversion: ") {
        return fill(
            ReservationsMsg::ReasonBestConversion.text(lang),
            &[("rate", rate.to_string())],
        );
    }
    match note {
        "free" => ReservationsMsg::ReasonFree.text(lang).to_string(),
        "tie-break" => ReservationsMsg::ReasonTieBreak.text(lang).to_string(),
        "manual" => ReservationsMsg::ReasonManual.text(lang).to_string(),
        "transfer" => ReservationsMsg::ReasonTransfer.text(lang).to_string(),
        "claimed by a colleague" => ReservationsMsg::ReasonClaimedByColleague
            .text(lang)
            .to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::assignment::Reason;

    #[test]
    fn a_settlement_names_its_receipt_in_each_language() {
        let note = "settled receipt=S01-20261207-0001";
        assert_eq!(
            describe("status", "deal_closed", "deal_closed", note, Lang::ZhCn).1,
            "已成交 → 已成交 · 结算 销售小票 S01-20261207-0001"
        );
        assert!(
            describe("status", "deal_closed", "deal_closed", note, Lang::En)
                .1
                .ends_with("settled, receipt S01-20261207-0001")
        );
    }

    #[test]
    fn stored_codes_read_as_words_in_chinese() {
        assert_eq!(
            describe("create", "", "not_arrived", "", Lang::ZhCn),
            ("创建预约".to_string(), "→ 未到店".to_string())
        );
        assert_eq!(
            describe("service", "waiting", "serving", "", Lang::ZhCn),
            ("接待".to_string(), "等待接待 → 接待中".to_string())
        );
        assert_eq!(
            describe("owner", "", "李娜", "tie-break", Lang::ZhCn).1,
            "→ 李娜 · 条件相同，按员工编号"
        );
        assert_eq!(
            describe(
                "owner",
                "王芳",
                "李娜",
                "rejected; fewest today: 2",
                Lang::ZhCn
            )
            .1,
            "王芳 → 李娜 · 被拒绝后重新分配；今日接待最少（2 位）"
        );
        assert_eq!(
            describe(
                "owner",
                "",
                "李娜",
                "arrived unassigned; fewest today: 0",
                Lang::ZhCn
            )
            .1,
            "→ 李娜 · 到店时尚无顾问，自动分配；今日接待最少（0 位）"
        );
    }

    #[test]
    fn every_assignment_reason_the_domain_writes_is_translated() {
        for r in [
            Reason::Free,
            Reason::FewestToday(3),
            Reason::BestConversion(425),
            Reason::TieBreak,
        ] {
            let code = r.describe();
            for lang in [Lang::ZhCn, Lang::En] {
                let shown = reason(&code, lang);
                assert_ne!(shown, code, "{code} is shown untranslated");
                assert!(!shown.contains('{'), "{shown}");
            }
            assert!(!reason(&code, Lang::ZhCn).is_ascii(), "{code}");
        }
    }

    #[test]
    fn a_typed_note_and_an_unknown_code_are_kept_as_they_are() {
        assert_eq!(
            describe(
                "status",
                "not_arrived",
                "deal_closed",
                "顾客满意",
                Lang::ZhCn
            )
            .1,
            "未到店 → 已成交 · 顾客满意"
        );
        assert_eq!(
            describe("later_kind", "a", "b", "", Lang::En).0,
            "later_kind"
        );
    }
}
