//! The floor board's own labels (they travel in its lazily loaded chunk).

crate::i18n::catalogue::catalogue! {
    pub enum FloorMsg {
        Title => "门店看板", "Store floor";
        Callbacks => "待回访的网上预约", "Web bookings to call back";
        CallbacksEmpty => "没有待回访的网上预约。", "No web booking is waiting for a call-back.";
        BookedOn => "提交于", "Booked";
        Today => "今日预约", "Today's reservations";
        TodayEmpty => "今天还没有预约。到店顾客可在“新建预约”登记。", "No reservations today yet. Register walk-ins under New reservation.";
        Board => "在岗看板", "Who is on the floor";
        Serving => "接待中", "Serving";
        Free => "空闲", "Free";
        OffDuty => "不在岗", "Off duty";
        Waiting => "{n} 位等候", "{n} waiting";
        SetOnDuty => "设为在岗", "Put on duty";
        SetOffDuty => "设为离岗", "Take off duty";
        BoardEmpty => "本店还没有员工账号，请联系管理员添加。", "This store has no staff accounts yet; ask an admin to add them.";
        Approvals => "待审批折扣", "Discounts to approve";
        ApprovalsEmpty => "没有待审批的折扣。", "No discount is waiting for approval.";
        Decide => "审批", "Decide";
        Total => "合计", "Total";
        SeeAll => "查看全部 {n} 条", "See all {n}";
        MyQueue => "我的接待", "My customers";
        Unassigned => "待分配顾问", "No consultant yet";
    }
}
