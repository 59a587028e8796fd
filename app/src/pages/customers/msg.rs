//! The customers area's own labels (they travel in its lazily loaded chunk).

crate::i18n::catalogue::catalogue! {
    pub enum CustomersMsg {
        Search => "搜索顾客", "Search customers";
        Mobile => "手机号", "Mobile";
        MemberNo => "会员号", "Member no.";
        HomeStore => "所属门店", "Home store";
        SearchHint => "手机号（如尾号4位）、姓名或会员号", "Mobile (e.g. the last four digits), name or member no.";
        Found => "共 {n} 位顾客", "{n} customers";
        Empty => "没有找到顾客。输入手机号尾号4位、姓名或会员号再试；列表只含你服务过的顾客（你的预约、销售或预留）。", "No customers found. Try the last four digits of the mobile, a name or a member no.; the list holds only the customers you serve (your reservations, sales or holds).";
        Since => "建档时间", "Customer since";
        Email => "邮箱", "Email";
        Qq => "QQ", "QQ";
        Member => "会员", "Member";
        NotMember => "非会员", "Not a member";
        Figures => "消费概况", "Spending";
        LifetimeSpend => "累计消费", "Lifetime spend";
        Purchases => "购买次数", "Purchases";
        AverageTicket => "客单价", "Average ticket";
        FirstPurchase => "首次购买", "First purchase";
        LastPurchase => "最近购买", "Last purchase";
        LastVisit => "最近到店", "Last visit";
        Visits => "预约与到店", "Reservations and visits";
        NoVisits => "还没有预约。为她新建预约后会列在这里。", "No reservations yet. Book one for her and it appears here.";
        Sales => "购买记录", "Purchases";
        NoSales => "还没有购买记录。她的销售单完成后会列在这里。", "No purchases yet. Her sales appear here once completed.";
        Net => "退货后", "After returns";
        Masked => "完整号码仅对服务她的顾问和店长显示", "The full number shows only to the consultants and managers who serve her";
        BackToList => "返回顾客列表", "Back to customers";
        NotFound => "找不到这位顾客，或你没有为她服务过（只有她的顾问、相关门店店长和总部可以查看）。", "No such customer, or you have not served her (only her consultants, the managers of her stores and head office may see her file).";
    }
}
