//! The typed message catalogue, in zh-CN (first) and English; a key without both translations
//! does not compile. Plain data (no Leptos), so the domain's rules can name their messages;
//! views call `i18n::t(Msg::X)`. `Msg` holds what crosses the wire (errors), what more than one
//! area shows and what the first download needs; each area's own labels are its own catalogue
//! (`pages/<area>/msg.rs`, declared with the same macro) so they load with the area.

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

/// Anything with a text in each language: the common catalogue and each area's own.
pub trait Text: Copy + Send + Sync + 'static {
    fn text(self, lang: Lang) -> &'static str;
}

/// Declares a catalogue: an enum of keys, each with its zh-CN and English text. Each area's
/// pages declare their own (`pages/<area>/msg.rs`) so that its strings travel in its Wasm chunk.
macro_rules! catalogue {
    ($vis:vis enum $name:ident { $($key:ident => $zh:literal, $en:literal;)* }) => {
        #[derive(Clone, Copy, PartialEq, Eq, Hash)]
        $vis enum $name { $($key),* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$key),*];
            /// Each key's name (its stable wire form) and texts, in declaration order: tables
            /// indexed by the discriminant, so the Wasm carries data rather than one match arm
            /// per key and language (and serde's generated visitors, about 80 KB of code).
            const TABLE: &'static [(&'static str, &'static str, &'static str)] =
                &[$((stringify!($key), $zh, $en)),*];
            pub fn text(self, lang: $crate::i18n::catalogue::Lang) -> &'static str {
                let (_, zh, en) = Self::TABLE[self as usize];
                match lang {
                    $crate::i18n::catalogue::Lang::ZhCn => zh,
                    $crate::i18n::catalogue::Lang::En => en,
                }
            }
            /// The key's name (`"ErrMobileFormat"`).
            pub fn key(self) -> &'static str {
                Self::TABLE[self as usize].0
            }
        }

        impl $crate::i18n::catalogue::Text for $name {
            fn text(self, lang: $crate::i18n::catalogue::Lang) -> &'static str {
                $name::text(self, lang)
            }
        }

        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.key())
            }
        }
    };
}
pub(crate) use catalogue;

impl Msg {
    /// A key by its name, as it travels in server function errors.
    pub fn from_key(key: &str) -> Option<Msg> {
        Self::TABLE
            .iter()
            .position(|(k, _, _)| *k == key)
            .map(|i| Self::ALL[i])
    }
}

/// The same JSON as serde's derive for a unit-only enum (the variant's name as a string).
impl Serialize for Msg {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.key())
    }
}

impl<'de> Deserialize<'de> for Msg {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let key = std::borrow::Cow::<'de, str>::deserialize(d)?;
        Msg::from_key(&key).ok_or_else(|| serde::de::Error::unknown_variant(&key, &[]))
    }
}

catalogue! {
    pub enum Msg {
        AppName => "Vitrine 门店客户管理", "Vitrine store CRM";
        NavHome => "工作台", "Workspace";
        NavStores => "门店", "Stores";
        NavStaff => "员工", "Staff";
        NavDictionaries => "字典", "Dictionaries";
        NavAudit => "审计日志", "Audit log";
        NavApiTokens => "ERP接口令牌", "ERP API tokens";
        CreatedAt => "创建时间", "Created";
        SignIn => "登录", "Sign in";
        SignOut => "退出", "Sign out";
        Username => "用户名", "Username";
        Password => "密码", "Password";
        BadCredentials => "用户名或密码错误", "Wrong username or password";
        Throttled => "登录失败次数过多，请15分钟后再试", "Too many failed sign-ins. Try again in 15 minutes";
        SessionExpired => "登录已过期，请重新登录", "Your session has ended. Please sign in again";
        SwitchLanguage => "EN", "中文";
        SwitchLanguageLabel => "切换到英文", "Switch to Chinese";
        Welcome => "欢迎", "Welcome";
        WorkspaceIntro => "从菜单打开各模块。", "Open an area from the menu.";
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
        Add => "新增", "Add";
        Search => "搜索", "Search";
        Actions => "操作", "Actions";
        Status => "状态", "Status";
        Previous => "上一页", "Previous";
        Next => "下一页", "Next";
        PageOf => "第 {page} / {pages} 页，共 {total} 条", "Page {page} of {pages}, {total} rows";
        Store => "门店", "Store";
        When => "时间", "When";
        Who => "操作人", "Who";
        What => "操作", "Action";
        Details => "变更内容", "Changes";
        DateFrom => "开始日期", "From date";
        DateTo => "结束日期", "To date";
        ErrRequired => "必填", "Required";
        ErrTooLong => "内容过长", "Too long";
        ErrControlChars => "不能包含换行、控制字符或文字方向控制符，请删除后重试", "Must not contain line breaks, control characters or text-direction controls; remove them";
        ErrTooShort => "内容过短", "Too short";
        ErrUsernameFormat => "用户名须以字母开头，只含小写字母、数字、点、下划线或连字符（2–32位）", "Usernames start with a letter and use lowercase letters, digits, . _ or - (2–32 characters)";
        ErrPasswordLength => "密码长度须为 10–128 位", "Passwords are 10–128 characters long";
        ErrPinFormat => "PIN 须为 6 位数字", "The PIN is 6 digits";
        ErrPinTooSimple => "PIN 太容易猜：不能是同一数字重复或 123456 这样的连续数字", "Too easy to guess: not one digit repeated, nor a run like 123456";
        ErrPinMismatch => "两次输入的 PIN 不一致", "The two PINs differ";
        ErrWrongPassword => "密码不正确", "Wrong password";
        BadPin => "PIN 不正确，请重试", "Wrong PIN: try again";
        PinLocked => "PIN 错误次数过多，已暂停使用：请用用户名和密码登录", "Too many wrong PINs: sign in with your username and password";
        DeviceUnknown => "本设备未登记或已停用：请用密码登录", "This device is not registered: sign in with your password";
        PinDevice => "本设备：{device} · {store}", "This device: {device} · {store}";
        PinChoose => "选择您的姓名，输入 PIN 即可切换", "Choose your name and enter your PIN";
        Pin => "PIN（6位数字）", "PIN (6 digits)";
        PinSwitch => "切换", "Switch";
        PinOrPassword => "或用用户名和密码登录", "Or sign in with your username and password";
        PinNobody => "本店还没有人设置切换 PIN：先用密码登录，在“切换 PIN”中设置。", "No one in this store has a PIN yet: sign in with your password and set one under Switch PIN.";
        NavDevices => "门店设备", "Store devices";
        NavCustomers => "顾客", "Customers";

        NavPin => "切换 PIN", "Switch PIN";
        DeviceName => "设备名称（如：前台平板）", "Device name (e.g. Front desk tablet)";
        CurrentPassword => "您的登录密码", "Your password";
        NewPin => "新 PIN（6位数字）", "New PIN (6 digits)";
        ConfirmPin => "再次输入 PIN", "The PIN again";
        ErrPhoneFormat => "电话格式不正确", "Not a valid phone number";
        ErrMobileFormat => "请输入11位中国大陆手机号", "Enter an 11-digit mainland mobile number";
        ErrPhoneFragmentShort => "手机号请至少输入4位", "Type at least 4 digits of the mobile";
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
        ErrInternal => "系统错误，请稍后重试", "Something went wrong; try again";
        ErrNetwork => "网络错误，请检查连接", "Network error; check the connection";
        ErrRateLimited => "操作过于频繁，请稍后再试", "Too many requests; wait a moment and try again";
        ErrTooLarge => "提交的内容过大", "What was sent is too large";
        ErrInvalidInput => "输入有误，请检查标红的字段", "Please correct the highlighted fields";
        ErrEmailFormat => "邮箱格式不正确", "Not a valid email address";
        ErrVisitTime => "请填写正确的预约时间", "Enter a valid visit time";
        ErrVisitInPast => "预约时间不能早于昨天", "The visit cannot be before yesterday";
        ErrVisitWindow => "预约时间须在未来180天内", "The visit must be within the next 180 days";
        ErrVisitTooFar => "预约时间须在一年之内", "The visit must be within the next year";
        ErrUnknownConsultant => "销售顾问不存在或不在该门店", "No such consultant at this store";
        ErrNoConsultantOnDuty => "该门店当前没有在岗的销售顾问", "No consultant is on duty at this store";
        ErrAlreadyClaimed => "已被领取", "Already claimed";
        ErrStateChanged => "预约状态已变化，已为您刷新", "This reservation changed meanwhile; the list is refreshed";
        ErrIllegalTransition => "当前状态下不能执行此操作", "Not possible in the current state";
        ErrSameConsultant => "不能转给自己", "Choose a colleague, not yourself";
        ErrChooseCustomer => "请选择顾客或填写预约单号", "Choose a customer or enter a reservation number";
        ErrHoldInPast => "预留日期不能早于今天", "The hold cannot end before today";
        ErrHoldTooLong => "预留最长30天", "Items can be held for at most 30 days";
        ErrDate => "请填写正确的日期", "Enter a valid date";
        ErrRangeEndsBeforeStart => "结束日期早于开始日期，请改正", "The end date is before the start date";
        ErrItemNotAvailable => "该货品已被预留或售出", "This item is already reserved or sold";
        ErrItemNotReserved => "该货品未被预留", "This item is not reserved";
        ErrOtherStoreItem => "只能预留本店的货品", "You can only hold items of your own store";
        ErrBatchQuery => "查询其他门店时请至少填写一个条件", "Add at least one filter to search another store";
        ErrBarcodeTaken => "条码已属于另一件货品", "That barcode belongs to another item";
        ErrReservationUnknown => "本店没有这个预约单号", "No reservation with that number at this store";
        ErrCsvHeader => "文件须为CSV，首行包含 erp_id、barcode、name、price、store 等列名", "The file must be CSV with a header row naming erp_id, barcode, name, price, store…";
        NavGoods => "货品查询", "Goods";
        NavImport => "ERP导入", "ERP import";
        Print => "打印", "Print";
        ScanBarcode => "扫码", "Scan barcode";
        Material => "材质", "Material";
        Yes => "是", "Yes";
        No => "否", "No";
        Barcode => "条码", "Barcode";
        Price => "价格", "Price";
        CatRing => "戒指", "Ring";
        CatPendant => "吊坠", "Pendant";
        CatNecklace => "项链", "Necklace";
        CatEarrings => "耳饰", "Earrings";
        CatBracelet => "手链", "Bracelet";
        CatBangle => "手镯", "Bangle";
        CatLooseDiamond => "裸钻", "Loose diamond";
        CatOther => "其他", "Other";
        ItemInStock => "在库", "In stock";
        ItemReserved => "已预留", "Reserved";
        ItemSold => "已售", "Sold";
        ItemInTransit => "在途", "In transit";
        ItemReturned => "已退回总部", "Returned to HQ";
        HistStatus => "状态变更", "Status changed";
        CustomerMobile => "顾客手机号", "Customer's mobile";
        ErrNewCustomerName => "该手机号尚未登记：请填写新顾客姓名，预留时一并登记", "This number is not registered: enter the new customer's name to register her with the hold";
        ErrUnknownCategory => "未知品类", "Unknown category";
        ErrUnknownMaterial => "未知材质（请先在字典中添加）", "Unknown material (add it to the dictionary first)";
        ErrNonNegativeNumber => "请输入不小于0的数字", "Enter a number of 0 or more";
        ErrNumberTooLarge => "数字过大，请检查", "That number is too large";
        ErrWeightFormat => "重量以克为单位，最多3位小数", "Weight in grams, at most 3 decimals";
        ErrCaratFormat => "钻重以克拉为单位，最多2位小数", "Carats with at most 2 decimals";
        ErrPriceFormat => "价格须大于0，最多2位小数", "Price above 0 with at most 2 decimals";
        ErrByWeightMaterialOnly => "只有材质可以按克重计价", "Only a material can be priced by weight";
        Monday => "周一", "Monday";
        Tuesday => "周二", "Tuesday";
        Wednesday => "周三", "Wednesday";
        Thursday => "周四", "Thursday";
        Friday => "周五", "Friday";
        Saturday => "周六", "Saturday";
        Sunday => "周日", "Sunday";
        ClosedDay => "休息", "Closed";
        ErrHoursFormat => "请填写开门和关门时间（如 10:00），或勾选休息", "Enter the opening and closing time (such as 10:00), or tick closed";
        ErrHoursOrder => "关门时间须晚于开门时间", "Closing time must be after opening time";
        ErrLimitZhe => "请填1到10之间的折数，最多2位小数（9即9折）", "Enter 1 to 10 in 折, at most 2 decimals (9 means pays 90 %)";
        ErrReturnDays => "请填0到365之间的整数天数", "Enter a whole number of days from 0 to 365";
        ErrStoreClosedThen => "所选时间门店未营业，请选择营业时间内的时间", "The store is not open at that time; choose a time within its opening hours";
        WarnOutsideHours => "注意：预约时间不在门店营业时间内（{day} {hours}）", "Note: the visit is outside the store's opening hours ({day} {hours})";
        GoldFormula => "{w} g × {p}/g + 工费 {l}", "{w} g × {p}/g + labour {l}";
        GoldPriceOf => "{d} 金价", "gold price of {d}";
        GoldPriceNotToday => "今日金价未设，按 {d} 金价显示；开单须先设今日金价", "Today's gold price is not set: shown at {d}'s; set today's before selling";
        GoldPriceNeverSet => "尚未设金价，显示标签价；开单须先设今日金价", "No gold price set yet: tag price shown; set today's before selling";
        ErrLabourFeeFormat => "工费须为0或以上，最多2位小数", "Labour fee 0 or more with at most 2 decimals";
        ErrUnknownGrade => "未知等级", "Unknown grade";
        ErrRingSize => "手寸须为1–30的整数或半号", "Ring size: 1–30, whole or half";
        ErrYesNo => "请填写 是 或 否", "Enter yes or no";
        ErrErpStatus => "ERP状态只能是 in_stock、in_transit、sold 或 returned", "ERP status must be in_stock, in_transit, sold or returned";
        ErrPhotoUrl => "图片地址须以 https:// 开头", "Photo URLs start with https://";
        StatusNotArrived => "未到店", "Not arrived";
        StatusDealClosed => "已成交", "Deal closed";
        StatusArrivedNoDeal => "到店未成交", "Arrived, no deal";
        StatusNeedsCallback => "需要回访", "Needs callback";
        StatusVoid => "作废", "Void";
        ErrChooseOutcome => "请选择结果：已成交或到店未成交", "Choose the outcome: deal closed or no deal";
        RejectReason => "拒绝原因", "Reason for declining";
        ConfirmReject => "确认拒绝", "Decline";
        HandedTo => "已转给", "Handed to";
        ShownBooked => "未到店", "Booked";
        ShownWaitingInStore => "到店·待接待", "Here · waiting";
        ShownBeingServed => "到店·接待中", "Here · being served";
        ShownNeedsCallback => "待回访", "To call back";
        ServiceServing => "接待中", "Serving";
        NavReservations => "预约", "Reservations";
        NavNewReservation => "添加预约", "New reservation";
        NavSms => "短信", "SMS";
        ExperienceStore => "体验店", "Experience store";
        Consultant => "销售顾问", "Sales consultant";
        Arrived => "到店", "Arrived";
        Claim => "领单", "Claim";
        Reject => "拒绝", "Reject";
        TransferTo => "转给", "Transfer to";
        Pause => "暂停", "Pause";
        Finish => "已结束", "Finish";
        OutcomeNote => "备注", "Note";
        Outcome => "结果", "Outcome";
        NavBackups => "备份", "Backups";
        UnassignedNotice => "有 {n} 个预约尚未分配顾问", "{n} reservations have no consultant yet";
        QueueServing => "正在接待", "Serving now";
        QueueWaiting => "等待接待", "Waiting for you";
        QueueToday => "今日预约", "Booked for today";
        QueueEmpty => "暂无等待的顾客", "No one is waiting";
        ExportCsv => "导出CSV", "Export CSV";
        StyleNumber => "款号", "Style no.";
        AnyStatus => "全部状态", "Any status";
        NavSales => "销售", "Sales";
        ApprovalQueue => "待审批", "Awaiting approval";
        GoldPrices => "今日金价", "Today's gold prices";
        ErrBadAmount => "请输入正确的金额（最多两位小数）", "Enter an amount in yuan with at most two decimals";
        ErrBadZhe => "折扣请填1到9.9之间的数（8.8折即按88%收款）", "Enter a zhe between 1 and 9.9 (8.8 means the customer pays 88 %)";
        ErrBadDiscount => "折扣须在0到原价之间", "A discount must be between 0 and the list price";
        ErrCustomerUnknown => "没有此手机号的顾客", "No customer has this mobile number";
        ErrDepositExceeded => "使用的定金超过已收定金", "More deposit applied than was taken";
        ErrDepositWhole => "定金须全额抵扣", "Apply the whole deposit";
        ErrItemHeldForOther => "该货品已为其他顾客预留，请先取消预留", "This item is held for another customer; release the hold first";
        ErrItemNotForSale => "该货品已售出或不在店内", "This item is sold or not in the store";
        ErrItemOnSale => "该货品已在此销售单上", "This item is already on this sale";
        ErrNoApprovalNeeded => "折扣在权限内，无需审批", "The discount is within your limit; no approval is needed";
        ErrNoGoldPrice => "今日金价未设置，请联系总部", "Today's gold price is not set; ask head office";
        ErrNoPayments => "请填写收款", "Enter the payments";
        ErrNotPendingApproval => "此销售单没有待审批的折扣", "This sale has no discount waiting for approval";
        ErrNotWeightPriced => "此材质不按克计价", "This material is not priced by weight";
        ErrOtherStoreItemSale => "这是其他门店的货品，不能在本店销售", "This item belongs to another store and cannot be sold here";
        ErrPaymentMethod => "请选择支付方式", "Choose a payment method";
        ErrPaymentsOver => "收款超过应收金额", "The payments exceed the amount due";
        ErrPaymentsShort => "收款不足应收金额", "The payments fall short of the amount due";
        ErrReservationNotFinished => "只有已结束的预约可以结算", "Only a finished visit can be settled";
        ErrSaleAlreadyCompleted => "此销售单已完成收款", "This sale is already completed";
        ErrSaleChanged => "销售单已被修改，已为您刷新", "This sale changed meanwhile; it is refreshed";
        ErrSaleEmpty => "销售单还没有商品", "The sale has no lines yet";
        ErrSaleItemGone => "有货品刚被售出或预留给他人，请检查销售单", "An item was just sold or held for someone else; check the sale";
        ErrSaleNeedsApproval => "折扣超出权限，需店长审批", "The discount is beyond your limit and needs the manager's approval";
        ErrSaleNeedsCustomer => "请先选择顾客", "Choose the customer first";
        ErrSaleNotDraft => "此销售单已完成或作废，不能再修改", "This sale is completed or voided and can no longer change";
        ErrUnknownBarcode => "没有此条码的货品", "No item has this barcode";
        ErrReturnNoLines => "请选择要退回的商品", "Choose the lines coming back";
        ErrLineReturned => "所选商品已退过", "A chosen line was already returned";
        ErrReturnPeriodOver => "已超过本店退货期限", "This sale is past the store's return period";
        ErrSaleNotCompleted => "只有已完成的销售可以退货", "Only a completed sale can be returned";
        ErrRefundMismatch => "退款合计须等于退回商品的金额", "The refunds must add up to the value of the returned lines";
        ErrRefundExceedsMethod => "该方式的退款超过其实收金额", "A refund by this method exceeds what was paid by it";
        NavTakings => "日结", "Daily takings";
        ErrDayClosed => "该营业日已关账", "This business day is already closed";
        ErrDayInFuture => "不能关闭未来的营业日", "A future business day cannot be closed";
        ErrNoMobile => "顾客没有手机号", "The customer has no mobile number";
        NewSale => "开单", "New sale";
        ReservationDetails => "预约详情", "Reservation details";
        ErrNotServing => "您当前没有正在接待的顾客", "You are not serving a customer now";
        TokenName => "名称", "Name";
        LastUsed => "最近使用", "Last used";
        NewPassword => "新密码", "New password";
        Saved => "已保存", "Saved";
        StoreName => "门店名称", "Store name";
        City => "城市", "City";
        Address => "地址", "Address";
        Phone => "电话", "Phone";
        TimeZone => "时区", "Time zone";
        StaffCount => "员工数", "Staff";
        DisplayName => "姓名", "Name";
        Role => "角色", "Role";
        Language => "语言", "Language";
        PasswordReset => "密码已重置，该员工的登录会话已全部失效", "Password reset; the staff member's sessions have ended";
        DictNeedLevel => "需求等级", "Need levels";
        DictMaterial => "材质", "Materials";
        DictSource => "来源", "Sources";
        Code => "代码", "Code";
        LabelZh => "中文名称", "Chinese label";
        LabelEn => "英文名称", "English label";
        SortOrder => "排序", "Order";
        PricedByWeight => "按克重计价（克重 × 当日金价 + 工费）", "Priced by weight (weight × the day's gold price + labour)";
        MinZhe => "顾问最低折扣（折）", "Consultants' lowest discount (折)";
        ReturnDaysLabel => "退货期限（天）", "Return period (days)";
        BackupCopyNone => "未设置", "Not set";
        BackupCopyOk => "已拷贝", "Copied";
        BackupCopySkipped => "未拷贝（备份失败）", "Skipped (the backup failed)";
        BackupCopyFailed => "拷贝失败", "Copy failed";
        CaratRange => "钻重（克拉）", "Carat";
        CaratMax => "钻重上限", "Carat up to";
        ColorWorst => "颜色（最低）", "Colour (worst)";
        ColorBest => "颜色（最高）", "Colour (best)";
        ClarityWorst => "净度（最低）", "Clarity (worst)";
        ClarityBest => "净度（最高）", "Clarity (best)";
        CutAtLeast => "切工（及以上）", "Cut (or better)";
        PolishAtLeast => "抛光（及以上）", "Polish (or better)";
        SymmetryAtLeast => "对称（及以上）", "Symmetry (or better)";
        RingRange => "手寸", "Ring size";
        RingMax => "手寸上限", "Ring size up to";
        WeightRange => "重量（克）", "Weight (g)";
        WeightMax => "重量上限", "Weight up to";
        PriceRange => "价格（元）", "Price (¥)";
        PriceMax => "价格上限", "Price up to";
        SortNewest => "最新入库", "Newest";
        SortPriceAsc => "价格从低到高", "Price, low to high";
        SortPriceDesc => "价格从高到低", "Price, high to low";
        SortCaratAsc => "钻重从小到大", "Carat, small to large";
        SortCaratDesc => "钻重从大到小", "Carat, large to small";
        SortWeightAsc => "重量从轻到重", "Weight, light to heavy";
        SortWeightDesc => "重量从重到轻", "Weight, heavy to light";
        HistReceived => "入库", "Received";
        HistTransfer => "调拨", "Transferred";
        HistReserve => "预留", "Held";
        HistRelease => "取消预留", "Hold released";
        HistExpire => "预留到期", "Hold expired";
        HistSale => "售出", "Sold";
        HistReturn => "退回", "Returned";
        HistErpUpdate => "ERP更新", "ERP update";
        PrintListTitle => "货品清单", "Goods list";
        PrintTags => "货品标签", "Price tags";
        PrintCountAll => "（共{total}件）", "({total} items)";
        PrintCountFirst => "（共{total}件，打印前{shown}件）", "({total} items, the first {shown} printed)";
        PrintCountCapped => "（共超过{total}件，打印前{shown}件）", "(more than {total} items, the first {shown} printed)";
        SmsPending => "待发送", "Waiting to send";
        SmsSent => "已发送", "Sent";
        SmsFailed => "发送失败", "Failed";
        SmsUnknown => "未知", "Unknown";
        ServiceScheduled => "已预约", "Booked";
        ServiceWaiting => "等待接待", "Waiting";
        ServiceClosed => "已关闭", "Closed";
        VisitAt => "预约上门时间", "Visit time";
        CalledBack => "已回访", "Called back";
        AssignTo => "分配给", "Assign to";
        Number => "预约号", "Number";
        Receipt => "小票", "Receipt";
        SaleDraft => "草稿", "Draft";
        SaleCompleted => "已完成", "Completed";
        SaleVoided => "已作废", "Voided";
        SaleReturned => "已退货", "Returned";
        Customer => "顾客", "Customer";
        ListPrice => "原价", "List price";
        ListTotal => "原价合计", "List total";
        AmountDue => "应收", "Amount due";
        PayCash => "现金", "Cash";
        PayCard => "银行卡/银联", "Bank card / UnionPay";
        PayWechat => "微信支付", "WeChat Pay";
        PayAlipay => "支付宝", "Alipay";
        PayVoucher => "代金券/礼品卡", "Voucher / gift card";
        PayDeposit => "定金抵扣", "Deposit";
        ReceiptTitle => "销售小票", "Sales receipt";
        ReceiptNo => "小票号", "Receipt no.";
        ReceiptDate => "日期", "Date";
        ReceiptConsultant => "顾问", "Consultant";
        ReceiptCert => "证书", "Certificate";
        ReceiptOff => "优惠", "Discount";
        ReceiptRefund => "退款", "Refund";
        ReceiptAfterSales => "售后服务请出示小票号", "Show this number for after-sales service";
        // Chain settings (issue 12, item 17): what the server answers.
        ErrChainName => "名称最多40个字，不能含控制字符", "At most 40 characters, no control characters";
        ErrSmsSignature => "短信签名须为2–12个汉字、字母或数字（不含【】）", "2–12 letters, digits or Chinese characters (without 【】)";
        ErrSettingsChanged => "设置已被他人修改，已为您刷新", "The settings changed meanwhile; they are refreshed";
    }
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
    fn every_key_lives_in_one_catalogue_with_both_languages() {
        use crate::pages::{
            admin::msg::AdminMsg, goods::msg::GoodsMsg, reservations::msg::ReservationsMsg,
            sales::msg::SalesMsg,
        };
        fn entries<M: Text + std::fmt::Debug>(
            all: &[M],
        ) -> Vec<(String, &'static str, &'static str)> {
            all.iter()
                .map(|&m| (format!("{m:?}"), m.text(Lang::ZhCn), m.text(Lang::En)))
                .collect()
        }
        let mut seen = std::collections::HashSet::new();
        for (key, zh, en) in [
            entries(Msg::ALL),
            entries(AdminMsg::ALL),
            entries(GoodsMsg::ALL),
            entries(ReservationsMsg::ALL),
            entries(SalesMsg::ALL),
            entries(crate::i18n::audit::AuditMsg::ALL),
        ]
        .concat()
        {
            assert!(!zh.is_empty() && !en.is_empty(), "{key}");
            assert!(seen.insert(key.clone()), "{key} is in two catalogues");
        }
        assert!(GoodsMsg::ALL.len() > 10 && SalesMsg::ALL.len() > 10);
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
    fn every_key_travels_by_its_name() {
        for &m in Msg::ALL {
            let json = serde_json::to_string(&m).unwrap();
            assert_eq!(json, format!("\"{}\"", m.key()));
            assert_eq!(serde_json::from_str::<Msg>(&json).unwrap(), m);
            assert_eq!(format!("{m:?}"), m.key());
        }
        assert_eq!(Msg::ErrMobileFormat.key(), "ErrMobileFormat");
        assert!(serde_json::from_str::<Msg>("\"NoSuchKey\"").is_err());
        assert!(serde_json::from_str::<Msg>("3").is_err());
    }

    #[test]
    fn lang_codes_round_trip() {
        for l in [Lang::ZhCn, Lang::En] {
            assert_eq!(Lang::parse(l.code()), Some(l));
        }
        assert_eq!(Lang::parse("fr"), None);
    }
}
