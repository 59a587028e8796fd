//! The typed message catalogue. Every user-facing string lives here, in zh-CN (first) and
//! English; a key without both translations does not compile. Views call `t(Msg::X)`.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    #[serde(rename = "zh-CN")]
    ZhCn,
    #[serde(rename = "en")]
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::En => "en",
        }
    }
    pub fn parse(code: &str) -> Option<Lang> {
        match code {
            "zh-CN" | "zh" => Some(Lang::ZhCn),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
    pub fn other(self) -> Lang {
        match self {
            Lang::ZhCn => Lang::En,
            Lang::En => Lang::ZhCn,
        }
    }
}

macro_rules! catalogue {
    ($($key:ident => $zh:literal, $en:literal;)*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum Msg { $($key),* }

        impl Msg {
            pub const ALL: &'static [Msg] = &[$(Msg::$key),*];
            pub fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((Msg::$key, Lang::ZhCn) => $zh, (Msg::$key, Lang::En) => $en,)*
                }
            }
        }
    };
}

catalogue! {
    AppName => "Vitrine 门店客户管理", "Vitrine store CRM";
    NavHome => "工作台", "Workspace";
    NavAdmin => "系统管理", "Administration";
    NavStores => "门店", "Stores";
    NavStaff => "员工", "Staff";
    NavDictionaries => "字典", "Dictionaries";
    NavAudit => "审计日志", "Audit log";
    NavMore => "更多", "More";
    SignIn => "登录", "Sign in";
    SignOut => "退出", "Sign out";
    Username => "用户名", "Username";
    Password => "密码", "Password";
    NewPassword => "新密码", "New password";
    BadCredentials => "用户名或密码错误", "Wrong username or password";
    Throttled => "登录失败次数过多，请15分钟后再试", "Too many failed sign-ins. Try again in 15 minutes";
    SessionExpired => "登录已过期，请重新登录", "Your session has ended. Please sign in again";
    SwitchLanguage => "EN", "中文";
    SwitchLanguageLabel => "切换到英文", "Switch to Chinese";
    ServingSlot => "当前未接待顾客", "Not serving a customer";
    Welcome => "欢迎", "Welcome";
    WorkspaceIntro => "预约、货品、销售等模块将在此显示您的工作。", "Your reservations, goods and sales will show here as those modules arrive.";
    YourRole => "角色", "Role";
    YourStore => "门店", "Store";
    AllStores => "全部门店", "All stores";
    RoleConsultant => "销售顾问", "Sales consultant";
    RoleStoreManager => "店长", "Store manager";
    RoleHeadOffice => "总部", "Head office";
    RoleAdmin => "系统管理员", "Administrator";
    Forbidden => "无权访问此页面", "You may not open this page";
    ForbiddenHint => "如需权限，请联系系统管理员。", "Ask an administrator if you need access.";
    NotFound => "页面不存在", "Page not found";
    BackHome => "返回工作台", "Back to workspace";
    Loading => "加载中…", "Loading…";
    Saving => "保存中…", "Saving…";
    Save => "保存", "Save";
    Cancel => "取消", "Cancel";
    Edit => "编辑", "Edit";
    Add => "新增", "Add";
    Search => "搜索", "Search";
    Actions => "操作", "Actions";
    Status => "状态", "Status";
    Active => "启用", "Active";
    Inactive => "停用", "Inactive";
    Deactivate => "停用", "Deactivate";
    Activate => "启用", "Activate";
    Saved => "已保存", "Saved";
    Previous => "上一页", "Previous";
    Next => "下一页", "Next";
    PageOf => "第 {page} / {pages} 页，共 {total} 条", "Page {page} of {pages}, {total} rows";
    Empty => "暂无数据", "Nothing here yet";
    StoreName => "门店名称", "Store name";
    City => "城市", "City";
    Address => "地址", "Address";
    Phone => "电话", "Phone";
    TimeZone => "时区", "Time zone";
    StaffCount => "员工数", "Staff";
    NewStore => "新增门店", "New store";
    EditStore => "编辑门店", "Edit store";
    DisplayName => "姓名", "Name";
    Role => "角色", "Role";
    Store => "门店", "Store";
    NoStore => "（不属于门店）", "(no store)";
    OnDuty => "在岗", "On duty";
    Language => "语言", "Language";
    NewStaff => "新增员工", "New staff member";
    EditStaff => "编辑员工", "Edit staff member";
    ResetPassword => "重置密码", "Reset password";
    PasswordReset => "密码已重置，该员工的登录会话已全部失效", "Password reset; the staff member's sessions have ended";
    DictNeedLevel => "需求等级", "Need levels";
    DictMaterial => "材质", "Materials";
    DictSource => "来源", "Sources";
    Code => "代码", "Code";
    LabelZh => "中文名称", "Chinese label";
    LabelEn => "英文名称", "English label";
    SortOrder => "排序", "Order";
    NewEntry => "新增条目", "New entry";
    When => "时间", "When";
    Who => "操作人", "Who";
    What => "操作", "Action";
    Target => "对象", "Target";
    Where => "来源地址", "From";
    Details => "变更内容", "Changes";
    DateFrom => "开始日期", "From date";
    DateTo => "结束日期", "To date";
    Filter => "筛选", "Filter";
    Offline => "网络已断开", "You are offline";
    OfflineHint => "请检查网络连接后重试。", "Check the connection and try again.";
    ErrRequired => "必填", "Required";
    ErrTooLong => "内容过长", "Too long";
    ErrTooShort => "内容过短", "Too short";
    ErrUsernameFormat => "用户名须以字母开头，只含小写字母、数字、点、下划线或连字符（3–32位）", "Usernames start with a letter and use lowercase letters, digits, . _ or - (3–32 characters)";
    ErrPasswordLength => "密码长度须为 10–128 位", "Passwords are 10–128 characters long";
    ErrPhoneFormat => "电话格式不正确", "Not a valid phone number";
    ErrMobileFormat => "请输入11位中国大陆手机号", "Enter an 11-digit mainland mobile number";
    ErrTimeZone => "不支持的时区", "Unsupported time zone";
    ErrUnknownRole => "未知角色", "Unknown role";
    ErrStoreRequired => "该角色必须选择门店", "This role belongs to a store";
    ErrStoreNotAllowed => "该角色不属于任何门店", "This role does not belong to a store";
    ErrUnknownStore => "门店不存在或已停用", "No such active store";
    ErrCodeFormat => "代码只能包含字母、数字、下划线或连字符", "Codes use letters, digits, _ or -";
    ErrNumber => "请输入数字", "Enter a number";
    ErrNameTaken => "名称已存在", "That name is taken";
    ErrUsernameTaken => "用户名已存在", "That username is taken";
    ErrCodeTaken => "代码已存在", "That code is taken";
    ErrUnknownKind => "未知字典类别", "Unknown dictionary";
    ErrCannotDisableSelf => "不能停用自己的账号", "You cannot deactivate your own account";
    ErrUnauthorized => "请先登录", "Please sign in";
    ErrForbidden => "没有权限执行此操作", "You may not do that";
    ErrNotFound => "记录不存在", "Not found";
    ErrConflict => "数据已被他人修改，请刷新后重试", "Someone else changed this; reload and try again";
    ErrInternal => "系统错误，请稍后重试", "Something went wrong; try again";
    ErrNetwork => "网络错误，请检查连接", "Network error; check the connection";
    ErrInvalidInput => "输入有误，请检查标红的字段", "Please correct the highlighted fields";
    ErrEmailFormat => "邮箱格式不正确", "Not a valid email address";
    ErrVisitTime => "请填写正确的预约时间", "Enter a valid visit time";
    ErrVisitInPast => "预约时间不能早于昨天", "The visit cannot be before yesterday";
    ErrVisitWindow => "预约时间须在未来180天内", "The visit must be within the next 180 days";
    ErrUnknownConsultant => "销售顾问不存在或不在该门店", "No such consultant at this store";
    ErrNoConsultantOnDuty => "该门店当前没有在岗的销售顾问", "No consultant is on duty at this store";
    ErrAlreadyClaimed => "已被领取", "Already claimed";
    ErrStateChanged => "预约状态已变化，已为您刷新", "This reservation changed meanwhile; the list is refreshed";
    ErrIllegalTransition => "当前状态下不能执行此操作", "Not possible in the current state";
    ErrSameConsultant => "不能转给自己", "Choose a colleague, not yourself";
    StatusNotArrived => "未到店", "Not arrived";
    StatusDealClosed => "已成交", "Deal closed";
    StatusArrivedNoDeal => "到店未成交", "Arrived, no deal";
    StatusNeedsCallback => "需要回访", "Needs callback";
    StatusVoid => "作废", "Void";
    ServiceScheduled => "已预约", "Booked";
    ServiceWaiting => "等待接待", "Waiting";
    ServiceServing => "接待中", "Serving";
    ServiceClosed => "已关闭", "Closed";
    NavReservations => "预约", "Reservations";
    NavNewReservation => "添加预约", "New reservation";
    NavSms => "短信", "SMS";
    CustomerName => "顾客姓名", "Customer name";
    Mobile => "手机号", "Mobile";
    Email => "邮箱", "Email";
    QqMsn => "QQ/MSN", "QQ/MSN";
    ExperienceStore => "体验店", "Experience store";
    Consultant => "销售顾问", "Sales consultant";
    VisitAt => "预约上门时间", "Visit time";
    Source => "来源", "Source";
    Needs => "基本需求", "Needs";
    NeedLevel => "需求等级", "Need level";
    AutoAssign => "自动分配", "Assign automatically";
    Arrived => "到店", "Arrived";
    UseMember => "确定", "Use";
    Claim => "领单", "Claim";
    Reject => "拒绝", "Reject";
    TransferTo => "转给", "Transfer to";
    Pause => "暂停", "Pause";
    Finish => "已结束", "Finish";
    CalledBack => "已回访", "Called back";
    VoidAction => "作废", "Void";
    OutcomeNote => "备注", "Note";
    Outcome => "结果", "Outcome";
    OpenReservationFound => "该手机号已有未完成的预约", "This number has an open reservation";
    MemberFound => "该手机号是已登记的顾客", "This number belongs to a known customer";
    MemberNo => "会员号", "Member no.";
    Created => "预约已保存", "Reservation saved";
    AssignedTo => "已分配给", "Assigned to";
    QueueServing => "正在接待", "Serving now";
    QueueWaiting => "等待接待", "Waiting for you";
    QueueToday => "今日预约", "Booked for today";
    QueueEmpty => "暂无等待的顾客", "No one is waiting";
    Number => "预约号", "Number";
    History => "变更记录", "History";
    ExportCsv => "导出CSV", "Export CSV";
    PhoneFragment => "手机号（任意部分）", "Mobile (any part)";
    NameFragment => "姓名", "Name";
    StyleNumber => "款号", "Style no.";
    AnyStatus => "全部状态", "Any status";
    AnyLevel => "全部等级", "Any level";
    AnyConsultant => "全部顾问", "Any consultant";
    Book => "预约到店", "Book a visit";
    BookIntro => "填写信息后，门店顾问会尽快与您联系确认。", "Leave your details and a consultant will call to confirm.";
    Booked => "预约成功，您的预约号：", "Booked. Your reservation number: ";
    PreferredTime => "期望到店时间", "Preferred time";
    Submit => "提交", "Submit";
    ReservationDetails => "预约详情", "Reservation details";
    ErrTooManyRequests => "提交过于频繁，请稍后再试", "Too many submissions; try again shortly";
    DemoWarning => "演示账号，仅供体验", "Demo accounts, for trying out only";
}

/// The language of the signed-in person (or zh-CN), reactive so a switch re-renders at once.
#[derive(Clone, Copy)]
pub struct I18n(pub RwSignal<Lang>);

pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or_else(|| I18n(RwSignal::new(Lang::default())))
}

impl I18n {
    pub fn lang(&self) -> Lang {
        self.0.get()
    }
}

/// Reactive text of a message in the current language.
pub fn t(msg: Msg) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let i18n = use_i18n();
    move || msg.text(i18n.0.get())
}

/// Fills `{name}` placeholders of a message.
pub fn fill(template: &str, args: &[(&str, String)]) -> String {
    args.iter().fold(template.to_string(), |acc, (k, v)| {
        acc.replace(&format!("{{{k}}}"), v)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_has_both_languages() {
        for m in Msg::ALL {
            assert!(!m.text(Lang::ZhCn).is_empty(), "{m:?}");
            assert!(!m.text(Lang::En).is_empty(), "{m:?}");
        }
    }

    #[test]
    fn fixed_labels_of_the_sign_in_form() {
        assert_eq!(Msg::Username.text(Lang::ZhCn), "用户名");
        assert_eq!(Msg::Password.text(Lang::ZhCn), "密码");
        assert_eq!(Msg::SignIn.text(Lang::ZhCn), "登录");
        assert_eq!(Msg::SignOut.text(Lang::ZhCn), "退出");
    }

    #[test]
    fn placeholders_fill() {
        assert_eq!(
            fill(
                "第 {page} / {pages} 页",
                &[("page", "2".into()), ("pages", "5".into())]
            ),
            "第 2 / 5 页"
        );
    }

    #[test]
    fn lang_codes_round_trip() {
        for l in [Lang::ZhCn, Lang::En] {
            assert_eq!(Lang::parse(l.code()), Some(l));
        }
        assert_eq!(Lang::parse("fr"), None);
    }
}
