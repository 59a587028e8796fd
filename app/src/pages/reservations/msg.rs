//! The reservations area's own labels: only this area's pages show them, so they travel in its
//! lazily loaded Wasm chunk rather than in the first download. Messages that cross the wire
//! (errors) or that other areas show stay in the common catalogue (`crate::i18n::Msg`).

crate::i18n::catalogue::catalogue! {
    pub enum ReservationsMsg {
        HistReject => "拒绝接待", "Declined";
        SmsProviderLog => "（仅记录，未接短信网关）", "(recorded only; no SMS gateway)";
        ConfirmVoidReservation => "作废后不能恢复：", "A voided reservation cannot be restored:";
        CustomerName => "顾客姓名", "Customer name";
        Mobile => "手机号", "Mobile";
        Email => "邮箱", "Email";
        QqMsn => "QQ/MSN", "QQ/MSN";
        Source => "来源", "Source";
        Needs => "基本需求", "Needs";
        NeedLevel => "需求等级", "Need level";
        AutoAssign => "自动分配", "Assign automatically";
        UseMember => "确定", "Use";
        VoidAction => "作废", "Void";
        OpenReservationFound => "该手机号已有未完成的预约", "This number has an open reservation";
        MemberFound => "该手机号是已登记的顾客", "This number belongs to a known customer";
        ChainCustomerOf => "已是本连锁顾客", "Already a customer of the chain";
        RevealMobile => "查看完整号码", "Show the full number";
        RevealReason => "查看原因（将记录在审计日志中）", "Reason (kept in the audit log)";
        ChainCustomerBookAnyway => "可照常预约：预约将关联到该顾客，您填写的姓名仅用于本次预约。", "You can still book: the reservation is linked to her record, and the name you type is kept on this reservation only.";
        HistCreate => "创建预约", "Booked";
        HistOwner => "顾问", "Consultant";
        HistService => "接待", "Service";
        HistWebBooking => "网站预约", "Website booking";
        ReasonFree => "唯一空闲的顾问", "the only free consultant";
        ReasonFewestToday => "今日接待最少（{n} 位）", "fewest customers today ({n})";
        ReasonBestConversion => "近30天成交率最高（{rate}）", "best conversion in 30 days ({rate})";
        ReasonTieBreak => "条件相同，按员工编号", "all equal: lowest staff number";
        ReasonManual => "手动指定", "chosen by hand";
        ReasonRejected => "被拒绝后重新分配", "reassigned after a rejection";
        ReasonArrivedUnassigned => "到店时尚无顾问，自动分配", "arrived with nobody assigned, assigned automatically";
        Unassigned => "待分配顾问", "No consultant yet";
        OnlyUnassigned => "只看待分配", "Only those without a consultant";
        ReasonTransfer => "转给同事", "transferred";
        ReasonClaimedByColleague => "由同事领单", "claimed by a colleague";
        Created => "预约已保存", "Reservation saved";
        AssignedTo => "已分配给", "Assigned to";
        History => "变更记录", "History";
        PhoneFragment => "手机号（任意部分）", "Mobile (any part)";
        NameFragment => "姓名", "Name";
        AnyLevel => "全部等级", "Any level";
        AnyConsultant => "全部顾问", "Any consultant";
        Book => "预约到店", "Book a visit";
        BookIntro => "填写信息后，门店顾问会尽快与您联系确认。", "Leave your details and a consultant will call to confirm.";
        Booked => "预约成功，您的预约号：", "Booked. Your reservation number: ";
        PreferredTime => "期望到店时间", "Preferred time";
        Submit => "提交", "Submit";
            HistSettled => "结算 销售小票 {r}", "settled, receipt {r}";
        EmptySms => "还没有短信记录。预约确认、到店提醒和小票短信发出后会列在这里。", "No text messages yet. Booking confirmations, reminders and receipt texts appear here once sent.";
        EmptyReservations => "没有符合条件的预约。调整日期或状态条件，或新建预约。", "No reservations match. Change the dates or status, or book a new one.";
    }
}
