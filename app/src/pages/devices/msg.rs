//! The devices area's own labels (they travel in its lazily loaded chunk).

crate::i18n::catalogue::catalogue! {
    pub enum DevicesMsg {
        Intro => "登记后，本店员工可在这台设备上选择自己的姓名、输入 6 位 PIN 快速切换，不必输入密码；PIN 只在本店登记的设备上有效。请在要登记的平板上打开本页。", "Once registered, this store's staff switch on the device by choosing their name and typing their 6-digit PIN, without a password; a PIN works only on this store's registered devices. Open this page on the tablet you want to register.";
        ThisRegistered => "本设备已登记。", "This device is registered.";
        RegisterThis => "登记本设备", "Register this device";
        JustRegistered => "已登记本设备。员工在“切换 PIN”中设置自己的 PIN 后即可在此切换。", "This device is registered. Staff can switch on it once they set their PIN under Switch PIN.";
        RegisteredBy => "登记人", "Registered by";
        RegisteredAt => "登记时间", "Registered";
        LastUsed => "最近切换", "Last switch";
        Never => "尚未使用", "Not used yet";
        InUse => "使用中", "In use";
        Retired => "已停用", "Retired";
        ThisOne => "本设备", "This device";
        Retire => "停用", "Retire";
        ConfirmRetire => "停用后，该设备上的 PIN 立即失效。确定停用？", "PINs stop working on this device at once. Retire it?";
        Empty => "本店还没有登记设备。在要共用的平板上打开本页，填写名称后点“登记本设备”。", "No device is registered for this store yet. Open this page on the shared tablet, name it and press Register this device.";
        PinIntro => "在本店登记的设备上，选择您的姓名并输入这 6 位 PIN 即可切换，不必输入密码。PIN 只在本店登记的设备上有效；连续输错 5 次后需用密码登录。", "On your store's registered devices, choose your name and type this 6-digit PIN to switch, without your password. It works only on your store's registered devices; after 5 wrong tries, sign in with your password.";
        PinIsSet => "您已设置 PIN，本店登记的设备上会列出您的姓名。", "You have a PIN: your name is listed on your store's registered devices.";
        PinNotSet => "您还没有设置 PIN。", "You have no PIN yet.";
        SavePin => "保存 PIN", "Save PIN";
        PinSaved => "PIN 已保存。", "PIN saved.";
        RemovePin => "删除 PIN", "Remove PIN";
        PinRemoved => "PIN 已删除，您的姓名不再列在设备上。", "PIN removed: your name is no longer listed on the devices.";
    }
}
