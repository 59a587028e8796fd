//! The admin area's own labels: only this area's pages show them, so they travel in its
//! lazily loaded Wasm chunk rather than in the first download. Messages that cross the wire
//! (errors) or that other areas show stay in the common catalogue (`crate::i18n::Msg`).

crate::i18n::catalogue::catalogue! {
    pub enum AdminMsg {
        ApiTokensIntro => "ERP（SAP）用令牌调用 POST /api/v1/items:sync 同步货品。令牌只保存其散列值；撤销后立即失效。", "The ERP (SAP) calls POST /api/v1/items:sync with a token to sync items. Only a hash of each token is stored; a revoked token stops working at once.";
        NewToken => "新建令牌", "New token";
        TokenShownOnce => "请立即复制并交给ERP管理员：此令牌只显示这一次。", "Copy it now and give it to the ERP's administrator: this token is shown only this once.";
        NeverUsed => "从未使用", "Never";
        Revoke => "撤销", "Revoke";
        Revoked => "已撤销", "Revoked";
        ConfirmRevoke => "撤销后ERP将无法再用此令牌同步，确定吗？", "The ERP will no longer be able to sync with this token. Revoke it?";
        Edit => "编辑", "Edit";
        Active => "启用", "Active";
        Inactive => "停用", "Inactive";
        Deactivate => "停用", "Deactivate";
        Activate => "启用", "Activate";
        NewStore => "新增门店", "New store";
        EditStore => "编辑门店", "Edit store";
        NoStore => "（不属于门店）", "(no store)";
        OnDuty => "在岗", "On duty";
        NewStaff => "新增员工", "New staff member";
        EditStaff => "编辑员工", "Edit staff member";
        ResetPassword => "重置密码", "Reset password";
        NewEntry => "新增条目", "New entry";
        Target => "对象", "Target";
        Where => "来源地址", "From";
        Filter => "筛选", "Filter";
        ByWeight => "按克计价", "By weight";
        StoreRules => "门店规则", "Store rules";
        OpeningHours => "营业时间", "Opening hours";
        Opens => "开门", "Opens";
        Closes => "关门", "Closes";
        MinZheHint => "9即顾问可打到9折，更低须店长审批；10即折扣都须审批", "9: consultants may give down to 9折 (pays 90 %), lower needs approval; 10: every discount does";
        BackupsIntro => "定时备份由服务器设置（VITRINE_BACKUP_DIR 等环境变量）；恢复请用命令 vitrine restore。", "Scheduled backups are set on the server (VITRINE_BACKUP_DIR and related variables); restore with the vitrine restore command.";
        BackupsOff => "未开启定时备份：数据仅在本机，请设置 VITRINE_BACKUP_DIR。", "Scheduled backups are off: the data lives on this machine only. Set VITRINE_BACKUP_DIR.";
        BackupDir => "备份目录", "Backup folder";
        BackupEvery => "备份间隔", "Every";
        BackupKeep => "保留份数", "Keeps";
        BackupCopyDir => "第二份拷贝目录", "Second copy in";
        BackupRpo => "最多可能丢失的数据（RPO）", "Most data that can be lost (RPO)";
        BackupEncrypted => "已加密", "Encrypted";
        BackupNotEncrypted => "未加密", "Not encrypted";
        BackupFile => "文件", "File";
        BackupSize => "大小", "Size";
        BackupCopy => "拷贝", "Copy";
        BackupResult => "结果", "Result";
        BackupOk => "成功", "OK";
        Minutes => "分钟", "minutes";
        NoBackupsYet => "还没有备份记录。", "No backups recorded yet.";
            // The audit page's own (the log's words are rendered by the server: i18n::audit).
        AnyAction => "全部操作", "Every action";
        AnyTarget => "全部对象", "Every kind of record";
        Before => "改前", "Before";
        After => "改后", "After";
        ChainSettings => "连锁设置", "Chain settings";
        EmptyAudit => "没有符合条件的记录。放宽时间范围，或清除操作人、对象条件。", "No entries match. Widen the dates, or clear the person and record filters.";
        EmptyDictionary => "这个字典还没有条目。在下方填写代码和中英文名称后添加。", "This list has no entries yet. Add one below with its code and its Chinese and English names.";
        EmptyTokens => "还没有ERP接口令牌。在上方起个名字并创建，把令牌交给ERP推送货品。", "No ERP tokens yet. Name one above and create it, then give the token to the ERP.";
        EmptyStaff => "没有符合条件的员工。调整筛选条件，或新增员工。", "No staff match. Change the filters, or add a member of staff.";
        EmptyStores => "还没有门店。先新增门店，再为它添加员工。", "No stores yet. Add a store, then its staff.";
    }
}
