//! The chain's settings page (`/admin/chain`, admins): its name and logo, which customers see on
//! the public booking page and on receipts, and the SMS signature every customer message
//! starts with. Rendered on the server and posted as plain forms (`server/src/http/chain.rs`),
//! like the receipt: it works without JavaScript, and none of it travels in the Wasm every
//! phone downloads (its labels are this module's own catalogue, named by no view).

use crate::domain::chain::{sms_prefix, LogoError, LOGO_MAX_BYTES};
use crate::domain::validate::{error_for, FieldError};
use crate::i18n::catalogue::{fill, Lang};
use crate::model::{ChainInput, ChainSettings};
use crate::pages::server_head::ServerHead;
use leptos::prelude::*;

crate::i18n::catalogue::catalogue! {
    pub enum ChainMsg {
        Title => "连锁设置", "Chain settings";
        Back => "← 门店", "← Stores";
        Intro => "名称和标志显示在公开预约页和销售小票上；短信签名须与短信服务商处备案的一致，每条顾客短信以【签名】开头。", "The name and logo appear on the public booking page and on receipts; the SMS signature must be the one registered with the SMS provider: every message to a customer starts with 【signature】.";
        Name => "连锁名称", "Chain name";
        Signature => "短信签名", "SMS signature";
        SmsExample => "短信示例：{sig}您好，您的预约已确认……", "Example: {sig}您好，您的预约已确认…";
        Save => "保存", "Save";
        Saved => "已保存", "Saved";
        FixFields => "请修改标红的项目", "Correct the fields marked in red";
        Logo => "标志", "Logo";
        NoLogo => "尚未上传标志：预约页和小票只显示名称。", "No logo yet: the booking page and receipts show the name only.";
        LogoFile => "标志图片", "Logo image";
        LogoHint => "PNG、JPEG 或 WebP，不超过 256 KB；横版、透明背景效果最好。", "PNG, JPEG or WebP, at most 256 KB; a wide image on a transparent background works best.";
        Upload => "上传", "Upload";
        RemoveLogo => "删除标志", "Remove the logo";
        LogoSaved => "标志已更新", "The logo is updated";
        LogoRemoved => "标志已删除", "The logo is removed";
        LogoEmpty => "请选择一个图片文件", "Choose an image file";
        LogoTooLarge => "图片超过 {kb} KB，请压缩后再上传", "The image is over {kb} KB: make it smaller and upload it again";
        LogoNotImage => "只能上传 PNG、JPEG 或 WebP 图片", "Only PNG, JPEG or WebP images";
    }
}

/// What the last action came to, shown at the top of the page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    Saved,
    LogoSaved,
    LogoRemoved,
    /// An upload refused, named next to the file field.
    Logo(LogoError),
    /// The form's own errors (each also next to its field), or a conflict's message.
    Error(String),
}

impl Notice {
    /// From the page's query after a redirect (`?saved=1`, `?logo=…`).
    pub fn from_query(saved: bool, logo: &str) -> Option<Notice> {
        match logo {
            "saved" => Some(Notice::LogoSaved),
            "removed" => Some(Notice::LogoRemoved),
            code => LogoError::parse(code)
                .map(Notice::Logo)
                .or(saved.then_some(Notice::Saved)),
        }
    }
}

/// The whole page: `typed` is what was posted when it came back with `errors`.
pub fn chain_page_html(
    settings: &ChainSettings,
    typed: Option<&ChainInput>,
    errors: &[FieldError],
    notice: Option<Notice>,
    lang: Lang,
) -> String {
    let (settings, typed, errors) = (settings.clone(), typed.cloned(), errors.to_vec());
    let html =
        Owner::new().with(|| view! { <ChainPage settings typed errors notice lang/> }.to_html());
    format!("<!DOCTYPE html>{html}")
}

#[component]
fn ChainPage(
    settings: ChainSettings,
    typed: Option<ChainInput>,
    errors: Vec<FieldError>,
    notice: Option<Notice>,
    lang: Lang,
) -> impl IntoView {
    let tr = move |m: ChainMsg| m.text(lang);
    let input = typed.unwrap_or(ChainInput {
        name: settings.name.clone(),
        sms_signature: settings.sms_signature.clone(),
    });
    let field = |key: &'static str, label: ChainMsg, value: String| {
        let error = error_for(&errors, key).map(|m| m.text(lang));
        let id = format!("f-{key}");
        let err_id = format!("{id}-err");
        view! {
            <div class="field" class:has-error=error.is_some()>
                <label for=id.clone()>{tr(label)}</label>
                <input id=id name=key value=value aria-invalid=error.is_some().to_string() aria-describedby=err_id.clone()/>
                <p class="field-error" id=err_id>{error}</p>
            </div>
        }
    };
    let logo_error = match &notice {
        Some(Notice::Logo(e)) => Some(match e {
            LogoError::Empty => tr(ChainMsg::LogoEmpty).to_string(),
            LogoError::TooLarge => fill(
                tr(ChainMsg::LogoTooLarge),
                &[("kb", (LOGO_MAX_BYTES / 1024).to_string())],
            ),
            LogoError::NotAnImage => tr(ChainMsg::LogoNotImage).to_string(),
        }),
        _ => None,
    };
    let banner = match &notice {
        Some(Notice::Saved) => Some((true, tr(ChainMsg::Saved).to_string(), "chain-saved")),
        Some(Notice::LogoSaved) => Some((true, tr(ChainMsg::LogoSaved).to_string(), "logo-done")),
        Some(Notice::LogoRemoved) => {
            Some((true, tr(ChainMsg::LogoRemoved).to_string(), "logo-done"))
        }
        Some(Notice::Error(e)) => Some((false, e.clone(), "chain-error")),
        _ => None,
    }
    .map(|(ok, text, id)| {
        view! {
            <p class=if ok { "alert alert-ok" } else { "alert alert-error" } role=if ok { "status" } else { "alert" } data-testid=id>{text}</p>
        }
    });
    let current = match settings.logo_url() {
        Some(src) => view! { <img class="chain-logo" src=src alt=settings.name.clone() data-testid="chain-logo"/> }.into_any(),
        None => view! { <p class="muted" data-testid="no-logo">{tr(ChainMsg::NoLogo)}</p> }.into_any(),
    };
    let example = fill(
        tr(ChainMsg::SmsExample),
        &[("sig", sms_prefix(&settings.sms_signature))],
    );
    view! {
        <html lang=lang.code()>
            <ServerHead title=tr(ChainMsg::Title).to_string() sheets=vec!["/pkg/vitrine.css".into()]/>
            <body>
                <header class="topbar">
                    <a class="brand" href="/admin/stores">{tr(ChainMsg::Back)}</a>
                </header>
                <main class="content" id="main">
                    <section class="page narrow">
                        <h1>{tr(ChainMsg::Title)}</h1>
                        <p class="hint">{tr(ChainMsg::Intro)}</p>
                        {banner}
                        <form method="post" action="/admin/chain" class="stack" data-testid="chain-form">
                            <input type="hidden" name="version" value=settings.version/>
                            {field("name", ChainMsg::Name, input.name)}
                            {field("sms_signature", ChainMsg::Signature, input.sms_signature)}
                            <p class="hint" data-testid="sms-example">{example}</p>
                            <div class="form-buttons">
                                <button type="submit" class="btn btn-primary">{tr(ChainMsg::Save)}</button>
                            </div>
                        </form>
                        <h2>{tr(ChainMsg::Logo)}</h2>
                        {current}
                        <form method="post" action="/admin/chain/logo" enctype="multipart/form-data" class="stack" data-testid="logo-form">
                            <div class="field" class:has-error=logo_error.is_some()>
                                <label for="c-logo">{tr(ChainMsg::LogoFile)}</label>
                                <input id="c-logo" type="file" name="logo" accept="image/png,image/jpeg,image/webp"
                                    aria-invalid=logo_error.is_some().to_string()
                                    aria-describedby="c-logo-err c-logo-hint"/>
                                <p class="hint" id="c-logo-hint">{tr(ChainMsg::LogoHint)}</p>
                                <p class="field-error" id="c-logo-err">{logo_error.clone()}</p>
                            </div>
                            <div class="form-buttons">
                                <button type="submit" class="btn btn-primary">{tr(ChainMsg::Upload)}</button>
                            </div>
                        </form>
                        {settings.logo_version.is_some().then(|| view! {
                            <form method="post" action="/admin/chain/logo" enctype="multipart/form-data" class="inline">
                                <input type="hidden" name="remove" value="1"/>
                                <button type="submit" class="btn btn-danger" data-testid="remove-logo">{tr(ChainMsg::RemoveLogo)}</button>
                            </form>
                        })}
                    </section>
                </main>
            </body>
        </html>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_keeps_what_was_typed_and_names_each_field_to_fix() {
        let s = ChainSettings {
            name: "上海珠宝".into(),
            sms_signature: "上海珠宝".into(),
            logo_version: None,
            version: 3,
        };
        let typed = ChainInput {
            name: "新名字".into(),
            sms_signature: "珠".into(),
        };
        let errors = vec![FieldError {
            field: "sms_signature".into(),
            msg: crate::i18n::Msg::ErrSmsSignature,
        }];
        let html = chain_page_html(&s, Some(&typed), &errors, None, Lang::ZhCn);
        assert!(
            html.contains("value=\"新名字\"") && html.contains("value=\"珠\""),
            "{html}"
        );
        assert!(html.contains("短信签名须为2–12个汉字"), "{html}");
        assert!(html.contains("name=\"version\" value=\"3\""), "{html}");
        assert!(html.contains("no-logo"));
        assert_eq!(
            Notice::from_query(false, "too_large"),
            Some(Notice::Logo(LogoError::TooLarge))
        );
        assert_eq!(Notice::from_query(true, ""), Some(Notice::Saved));
        let en = chain_page_html(
            &s,
            None,
            &[],
            Some(Notice::Logo(LogoError::TooLarge)),
            Lang::En,
        );
        assert!(en.contains("The image is over 256 KB"), "{en}");
    }
}
