//! The goods area's own labels: only this area's pages show them, so they travel in its
//! lazily loaded Wasm chunk rather than in the first download. Messages that cross the wire
//! (errors) or that other areas show stay in the common catalogue (`crate::i18n::Msg`).

crate::i18n::catalogue::catalogue! {
    pub enum GoodsMsg {
        BarcodeOrCert => "条码", "Barcode";
        NameOrStyle => "品名/款号", "Name / style no.";
        Category => "品类", "Category";
        AnyCategory => "全部品类", "Any category";
        From => "从", "from";
        To => "到", "to";
        AnyGrade => "不限", "Any";
        Presale => "是否预售", "Pre-sale";
        Any => "不限", "Any";
        CertNo => "证书号", "Certificate no.";
        OwnStore => "本店", "My store";
        SortBy => "排序", "Sort by";
        ClearFilters => "清除条件", "Clear filters";
        MoreFilters => "筛选条件", "Filters";
        NoneFound => "没有符合条件的货品。放宽条件（如钻重、价格范围），查看所有状态的货品，或清除条件重新查找。", "No pieces match. Widen the filters (carat or price range), include every status, or clear the filters and start again.";
        SearchAnyStatus => "查看所有状态", "Include every status";
        ResultsMoreThan => "超过 {n} 件（未精确计数）", "More than {n} items (not counted exactly)";
        ResultsCount => "共 {n} 件", "{n} items";
        ProductName => "品名", "Product";
        Carat => "钻重", "Carat";
        Color => "颜色", "Colour";
        Clarity => "净度", "Clarity";
        Cut => "切工", "Cut";
        Polish => "抛光", "Polish";
        Symmetry => "对称", "Symmetry";
        Fluorescence => "荧光", "Fluorescence";
        Certificate => "证书", "Certificate";
        RingSize => "手寸", "Ring size";
        Weight => "重量", "Weight";
        PageOfShort => "第 {page} / {pages} 页", "Page {page} of {pages}";
        ItemDetails => "货品详情", "Item";
        Reserve => "预留", "Hold for customer";
        Release => "取消预留", "Release hold";
        ItemHistory => "货品动作记录", "Item history";
        ReservedFor => "预留给", "Held for";
        NoSuchCustomer => "没有该手机号的顾客", "No customer with that number";
        NewCustomerName => "新顾客姓名", "New customer's name";
        NewCustomerHint => "填写姓名即随预留登记为本店顾客", "Enter her name to register her in this store with the hold";
        OrReservationNumber => "或预约单号", "Or reservation number";
        HoldUntil => "预留至", "Hold until";
        ImportHint => "选择ERP导出的CSV文件（UTF-8，首行为列名：erp_id, barcode, style_no, name, category, material, weight_g, carat, color, clarity, cut, polish, symmetry, fluorescence, cert_lab, cert_no, ring_size, price, labour_fee（工费，可空）, presale, store, status, photo_url）。正确的行会导入，错误的行不会导入并逐行说明原因。", "Choose a CSV exported from the ERP (UTF-8, header row: erp_id, barcode, style_no, name, category, material, weight_g, carat, color, clarity, cut, polish, symmetry, fluorescence, cert_lab, cert_no, ring_size, price, labour_fee (optional), presale, store, status, photo_url). Good rows are imported; bad rows are not, each with its reason.";
        ImportFile => "CSV文件", "CSV file";
        ImportProgress => "已处理 {done} / {total} 行", "{done} of {total} rows processed";
        ImportSummary => "已导入 {accepted} 行（新增 {created}，更新 {updated}，无变化 {unchanged}），拒绝 {rejected} 行", "{accepted} rows imported ({created} new, {updated} updated, {unchanged} unchanged), {rejected} rejected";
        RejectedRows => "被拒绝的行", "Rejected rows";
        RowNumber => "行号", "Row";
        Reason => "原因", "Reason";
        SyncConflicts => "保留了本地预留的货品", "Items whose local hold was kept";
        NotApplied => "未应用的ERP变更", "ERP change not applied";
        ErrFilters => "筛选条件有误，请改正标红的项后再查询", "Correct the highlighted filters to search";
        HeldForCustomerOf => "为门店顾客预留", "Held for a customer of";
            // What the server notes on an item's history (domain::goods::ItemNote).
        NoteHoldUntil => "预留至 {day}", "held until {day}";
        NoteNewCustomer => "新登记顾客", "new customer registered";
        NoteReservation => "预约 {n}", "reservation {n}";
        NoteSold => "销售小票 {r}", "receipt {r}";
        NoteReturned => "退货 销售小票 {r}：{reason}", "returned, receipt {r}: {reason}";
        NoteExpired => "预留到期，自动释放", "hold expired, released automatically";
        NoteErpImport => "ERP导入", "ERP import";
        NoteErpSync => "ERP同步", "ERP sync";
        NoteErpKept => "ERP同步；保留本地预留，未应用：{status}", "ERP sync; the local hold was kept, not applied: {status}";
    }
}
