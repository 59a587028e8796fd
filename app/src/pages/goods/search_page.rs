use crate::api::goods::{category_msg, item_status_msg, search_goods};
use crate::components::error_note::ErrorNote;
use crate::components::layout::use_user;
use crate::domain::goods::*;
use crate::domain::policy::{allows, Permission};
use crate::domain::sale::cny;
use crate::domain::validate::error_for;
use crate::i18n::{fill, t, use_i18n, Msg};
use crate::model::ItemRowView;
use crate::pages::goods::msg::GoodsMsg;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Form, A};
use leptos_router::hooks::use_query_map;

fn sort_msg(s: GoodsSort) -> Msg {
    match s {
        GoodsSort::Newest => Msg::SortNewest,
        GoodsSort::PriceAsc => Msg::SortPriceAsc,
        GoodsSort::PriceDesc => Msg::SortPriceDesc,
        GoodsSort::CaratAsc => Msg::SortCaratAsc,
        GoodsSort::CaratDesc => Msg::SortCaratDesc,
        GoodsSort::WeightAsc => Msg::SortWeightAsc,
        GoodsSort::WeightDesc => Msg::SortWeightDesc,
    }
}

fn dash<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_else(|| "—".into())
}

fn code<S: Scale>(v: Option<S>) -> String {
    v.map(|g| g.code().to_string())
        .unwrap_or_else(|| "—".into())
}

/// After the person stops typing for a moment, submit the filter form (client-side navigation
/// by the router's `<Form>`, so only the results re-render). Without Wasm the button submits.
#[cfg(feature = "hydrate")]
fn debounce_submit(
    ev: leptos::ev::Event,
    timer: StoredValue<Option<gloo_timers::callback::Timeout>, LocalStorage>,
) {
    use wasm_bindgen::JsCast;
    let Some(form) = ev
        .current_target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
    else {
        return;
    };
    let handle = gloo_timers::callback::Timeout::new(350, move || {
        let _ = form.request_submit();
    });
    // Dropping the previous timeout cancels it.
    timer.set_value(Some(handle));
}

/// 货品查询: every filter in the URL (shareable, back button works), results server-rendered
/// on the first request, then updated as filters change.
#[component]
pub fn GoodsPage() -> impl IntoView {
    let i18n = use_i18n();
    let user = use_user();
    let readable = user.as_ref().is_some_and(|u| {
        allows(u.role, Permission::UseWorkspace)
            || allows(u.role, Permission::ReadStore)
            || allows(u.role, Permission::ReadAllStores)
    });
    if !readable {
        return view! { <crate::components::require_role::Forbidden/> }.into_any();
    }
    let own_store = user.as_ref().and_then(|u| u.store_id);
    let may_import = user
        .as_ref()
        .is_some_and(|u| allows(u.role, Permission::ImportItems));
    let qm = use_query_map();
    let query = Memo::new(move |_| {
        qm.with(|m| GoodsQuery::from_pairs(m.into_iter().map(|(k, v)| (k.as_ref(), v))))
    });
    // Filters typed wrong are named next to their field, and nothing is searched until they
    // are put right (a search that silently dropped one would list the wrong pieces).
    let errors =
        Memo::new(move |_| qm.with(|m| filter_errors(m.into_iter().map(|(k, v)| (k.as_ref(), v)))));
    let data = Resource::new(
        move || (query.get(), errors.with(|e| e.is_empty())),
        |(q, ok)| async move {
            if ok {
                search_goods(q).await.map(Some)
            } else {
                Ok(None)
            }
        },
    );
    let stores = Resource::new(|| (), |_| crate::api::reservations::public_stores());
    let materials = Resource::new(
        || (),
        |_| crate::api::reservations::dictionary_options("material".into()),
    );
    #[cfg(feature = "hydrate")]
    let timer = StoredValue::new_local(None::<gloo_timers::callback::Timeout>);
    // A link followed while a filter update is pending wins: a filter field's `change` fires
    // when the tap on the link takes its focus, and the update's navigation (350 ms later)
    // would otherwise cancel the one to the link — which, for a lazily loaded area, is still
    // fetching its chunk.
    #[cfg(feature = "hydrate")]
    {
        let listener = window_event_listener(leptos::ev::click, move |ev| {
            use wasm_bindgen::JsCast;
            let on_link = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.closest("a[href]").ok().flatten())
                .is_some();
            if on_link {
                timer.set_value(None);
            }
        });
        on_cleanup(move || listener.remove());
    }
    let on_change = move |_ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        debounce_submit(_ev, timer);
    };
    let q = move || query.get();
    // Text inputs show the URL's text as typed (not the parsed value), so that a debounced
    // update never rewrites what the person is typing.
    let raw = move |k: &'static str| move || qm.with(|m| m.get(k).unwrap_or_default());
    let grade_select = move |id: &'static str,
                             name: &'static str,
                             label: Msg,
                             current: fn(&GoodsQuery) -> Option<&'static str>,
                             all: Vec<&'static str>| {
        view! {
            <div class="field">
                <label for=id>{t(label)}</label>
                <select id=id name=name>
                    <option value="">{t(GoodsMsg::AnyGrade)}</option>
                    {all.into_iter().map(|c| {
                        let sel = move || current(&query.get()) == Some(c);
                        view! { <option value=c selected=sel>{c}</option> }
                    }).collect_view()}
                </select>
            </div>
        }
    };
    let range_field = move |label: Msg, key: &'static str, max_label: Msg| {
        let min = format!("{key}_min");
        let max = format!("{key}_max");
        let (min_id, max_id) = (format!("g-{key}-min"), format!("g-{key}-max"));
        let err_id = format!("g-{key}-err");
        let (m1, m2, m3, m4) = (min.clone(), max.clone(), min.clone(), max.clone());
        let bad = move |k: &String| errors.with(|e| error_for(e, k).is_some());
        let (r1, r2, r3, r4) = (min.clone(), min, max.clone(), max);
        view! {
            <div class="field range" class:has-error=move || bad(&m1) || bad(&m2)>
                <label for=min_id.clone()>{t(label)}</label>
                <div class="pair">
                    <input id=min_id name=r1.clone() inputmode="decimal" placeholder=t(GoodsMsg::From)
                        aria-invalid=move || bad(&m3).to_string() aria-describedby=err_id.clone()
                        value=move || qm.with(|m| m.get(&r1).unwrap_or_default()) prop:value=move || qm.with(|m| m.get(&r2).unwrap_or_default())/>
                    <input id=max_id name=r3.clone() inputmode="decimal" placeholder=t(GoodsMsg::To) aria-label=t(max_label)
                        aria-invalid=move || bad(&m4).to_string() aria-describedby=err_id.clone()
                        value=move || qm.with(|m| m.get(&r3).unwrap_or_default()) prop:value=move || qm.with(|m| m.get(&r4).unwrap_or_default())/>
                </div>
                <p class="field-error" id=err_id.clone() data-testid=err_id>
                    {move || errors.with(|e| {
                        e.iter()
                            .find(|e| e.field.starts_with(key) && e.field.len() == key.len() + 4)
                            .map(|e| e.msg.text(i18n.lang()))
                    })}
                </p>
            </div>
        }
    };
    // Filters beyond the quick ones (barcode, name) that the address sets.
    let count_active = |m: &leptos_router::params::ParamsMap| {
        m.into_iter()
            .filter(|(k, v)| !v.is_empty() && !matches!(k.as_ref(), "barcode" | "q" | "page"))
            .count()
    };
    let active_filters = move || qm.with(count_active);
    let more_open = qm.with_untracked(count_active) > 0;
    let colors: Vec<&'static str> = Color::ALL.iter().map(|c| c.code()).collect();
    let clarities: Vec<&'static str> = Clarity::ALL.iter().map(|c| c.code()).collect();
    let grades: Vec<&'static str> = Grade::ALL.iter().map(|c| c.code()).collect();
    view! {
        <Title text=crate::i18n::title(Msg::NavGoods)/>
        <section class="page">
            <div class="page-head">
                <h1>{t(Msg::NavGoods)}</h1>
                <div class="head-actions">
                    <Show when=move || errors.with(|e| e.is_empty())>
                        <a class="btn" data-testid="goods-export" rel="external" download=""
                            href=move || format!("/goods/export.csv{}", q().with_page(1).to_query_string())>{t(Msg::ExportCsv)}</a>
                        <a class="btn" data-testid="goods-print" rel="external" target="_blank"
                            href=move || format!("/goods/print{}", q().with_page(1).to_query_string())>{t(Msg::Print)}</a>
                    </Show>
                    {may_import.then(|| view! { <A href="/goods/import" attr:class="btn">{t(Msg::NavImport)}</A> })}
                </div>
            </div>
            <Form method="GET" action="" attr:class="filters goods-filters" attr:data-testid="goods-filters" on:input=on_change on:change=on_change>
                <div class="field quick"><label for="g-barcode">{t(GoodsMsg::BarcodeOrCert)}</label>
                    <div class="with-button">
                        <input id="g-barcode" name="barcode" inputmode="text" autocomplete="off" value=raw("barcode") prop:value=raw("barcode")/>
                        <button type="button" class="btn scan" data-scan-into="g-barcode" hidden >{t(Msg::ScanBarcode)}</button>
                    </div>
                </div>
                <div class="field quick-q"><label for="g-q">{t(GoodsMsg::NameOrStyle)}</label><input id="g-q" name="q" value=raw("q") prop:value=raw("q")/></div>
                // On a phone the other filters fold away behind one button (a checkbox and its
                // label: it works before and without the Wasm); they are open when the address
                // already asks for some. Wider screens show them all.
                <input type="checkbox" id="g-more" class="more-toggle sr-only" checked=more_open aria-controls="g-more-filters"/>
                <label for="g-more" class="btn more-toggle-btn" data-testid="filters-toggle">
                    {t(GoodsMsg::MoreFilters)}
                    {move || { let n = active_filters(); (n > 0).then(|| view! { <span class="count-badge">{n}</span> }) }}
                </label>
                <div class="more-filters" id="g-more-filters">
                <div class="field">
                    <label for="g-category">{t(GoodsMsg::Category)}</label>
                    <select id="g-category" name="category">
                        <option value="">{t(GoodsMsg::AnyCategory)}</option>
                        {Category::ALL.iter().map(|c| {
                            let c = *c;
                            let sel = move || query.get().category == Some(c);
                            view! { <option value=c.as_str() selected=sel>{t(category_msg(c))}</option> }
                        }).collect_view()}
                    </select>
                </div>
                {range_field(Msg::CaratRange, "carat", Msg::CaratMax)}
                {grade_select("g-color-min", "color_min", Msg::ColorWorst, |q| q.color_min.map(|g| g.code()), colors.clone())}
                {grade_select("g-color-max", "color_max", Msg::ColorBest, |q| q.color_max.map(|g| g.code()), colors)}
                {grade_select("g-clarity-min", "clarity_min", Msg::ClarityWorst, |q| q.clarity_min.map(|g| g.code()), clarities.clone())}
                {grade_select("g-clarity-max", "clarity_max", Msg::ClarityBest, |q| q.clarity_max.map(|g| g.code()), clarities)}
                {grade_select("g-cut", "cut", Msg::CutAtLeast, |q| q.cut.map(|g| g.code()), grades.clone())}
                {grade_select("g-polish", "polish", Msg::PolishAtLeast, |q| q.polish.map(|g| g.code()), grades.clone())}
                {grade_select("g-symmetry", "symmetry", Msg::SymmetryAtLeast, |q| q.symmetry.map(|g| g.code()), grades)}
                {range_field(Msg::RingRange, "ring", Msg::RingMax)}
                {range_field(Msg::WeightRange, "weight", Msg::WeightMax)}
                {range_field(Msg::PriceRange, "price", Msg::PriceMax)}
                <fieldset class="field materials">
                    <legend>{t(Msg::Material)}</legend>
                    <Suspense>{move || Suspend::new(async move {
                        materials.await.unwrap_or_default().into_iter().map(|d| {
                            let code = d.code.clone();
                            let checked = move || query.get().material.contains(&code);
                            let label = d.label(i18n.lang()).to_string();
                            view! { <label class="check"><input type="checkbox" name="material" value=d.code.clone() checked=checked.clone() prop:checked=checked/>{label}</label> }
                        }).collect_view()
                    })}</Suspense>
                </fieldset>
                <div class="field">
                    <label for="g-presale">{t(GoodsMsg::Presale)}</label>
                    <select id="g-presale" name="presale">
                        <option value="">{t(GoodsMsg::Any)}</option>
                        <option value="1" selected=move || q().presale == Some(true)>{t(Msg::Yes)}</option>
                        <option value="0" selected=move || q().presale == Some(false)>{t(Msg::No)}</option>
                    </select>
                </div>
                <div class="field">
                    <label for="g-status">{t(Msg::Status)}</label>
                    <select id="g-status" name="status">
                        <option value=ANY_STATUS selected=move || q().status.is_none()>{t(Msg::AnyStatus)}</option>
                        {ItemStatus::ALL.iter().map(|s| {
                            let s = *s;
                            view! { <option value=s.as_str() selected=move || q().status == Some(s)>{t(item_status_msg(s))}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field"><label for="g-cert">{t(GoodsMsg::CertNo)}</label><input id="g-cert" name="cert" value=raw("cert") prop:value=raw("cert")/></div>
                <div class="field">
                    <label for="g-store">{t(Msg::ExperienceStore)}</label>
                    <select id="g-store" name="store">
                        {own_store.is_some().then(|| view! { <option value="">{t(GoodsMsg::OwnStore)}</option> })}
                        <option value="all" selected=move || q().store == StoreChoice::All>{t(Msg::AllStores)}</option>
                        <Suspense>{move || Suspend::new(async move {
                            stores.await.unwrap_or_default().into_iter().map(|s| {
                                let id = s.id;
                                view! { <option value=id selected=move || q().store == StoreChoice::One(id)>{s.name}</option> }
                            }).collect_view()
                        })}</Suspense>
                    </select>
                </div>
                <div class="field">
                    <label for="g-sort">{t(GoodsMsg::SortBy)}</label>
                    <select id="g-sort" name="sort">
                        {GoodsSort::ALL.into_iter().map(|s| view! {
                            <option value=s.as_str() selected=move || q().sort == s>{t(sort_msg(s))}</option>
                        }).collect_view()}
                    </select>
                </div>
                </div>
                <div class="filter-actions">
                    <button type="submit" class="btn btn-primary">{t(Msg::Search)}</button>
                    <A href="/goods" attr:class="btn">{t(GoodsMsg::ClearFilters)}</A>
                </div>
            </Form>
            <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let current = query.get_untracked();
                    match data.await {
                        Err(e) => view! { <ErrorNote error=Signal::derive(move || Some(e.clone()))/> }.into_any(),
                        Ok(None) => view! {
                            <p class="alert alert-error" role="alert" data-testid="goods-filter-errors">{t(GoodsMsg::ErrFilters)}</p>
                        }.into_any(),
                        Ok(Some(page)) => {
                            let pages = page.pages();
                            let total_text = if page.total_capped {
                                fill(GoodsMsg::ResultsMoreThan.text(i18n.lang()), &[("n", page.total.to_string())])
                            } else {
                                fill(GoodsMsg::ResultsCount.text(i18n.lang()), &[("n", page.total.to_string())])
                            };
                            let prev = (page.page > 1).then(|| format!("/goods{}", current.with_page(page.page - 1).to_query_string()));
                            let next = (page.page < pages).then(|| format!("/goods{}", current.with_page(page.page + 1).to_query_string()));
                            view! {
                                <p class="result-count" data-testid="goods-total">{total_text}</p>
                                <table class="table goods-table" data-testid="goods-table">
                                    <thead><tr>
                                        <th class="thumb"></th>
                                        <th>{t(Msg::Barcode)}</th>
                                        <th class="facts-line"></th>
                                        <th>{t(GoodsMsg::ProductName)}</th>
                                        <th>{t(GoodsMsg::Category)}</th>
                                        <th>{t(Msg::Material)}</th>
                                        <th>{t(GoodsMsg::Carat)}</th>
                                        <th>{t(GoodsMsg::Color)}</th>
                                        <th>{t(GoodsMsg::Clarity)}</th>
                                        <th>{t(GoodsMsg::Cut)}</th>
                                        <th>{t(GoodsMsg::RingSize)}</th>
                                        <th>{t(GoodsMsg::Weight)}</th>
                                        <th>{t(Msg::Price)}</th>
                                        <th>{t(Msg::ExperienceStore)}</th>
                                        <th>{t(Msg::Status)}</th>
                                    </tr></thead>
                                    <tbody>
                                        {page.items.is_empty().then(|| view! {
                                            <tr class="empty-row"><td colspan="15">
                                                <crate::components::empty_state::EmptyState text=t(GoodsMsg::NoneFound)>
                                                    {current.status.is_some().then(|| {
                                                        let any = GoodsQuery { status: None, ..current.with_page(1) };
                                                        view! { <A href=format!("/goods{}", any.to_query_string()) attr:class="btn" attr:data-testid="search-any-status">{t(GoodsMsg::SearchAnyStatus)}</A> }
                                                    })}
                                                    <A href="/goods" attr:class="btn">{t(GoodsMsg::ClearFilters)}</A>
                                                </crate::components::empty_state::EmptyState>
                                            </td></tr>
                                        })}
                                        {page.items.into_iter().map(|it| view! { <ItemRowLine it/> }).collect_view()}
                                    </tbody>
                                </table>
                                <nav class="pager" aria-label="pagination">
                                    {prev.map(|h| view! { <A href=h attr:class="btn" attr:rel="prev">{t(Msg::Previous)}</A> })}
                                    <span class="pager-pos" data-testid="pager-pos">{fill(GoodsMsg::PageOfShort.text(i18n.lang()), &[("page", page.page.to_string()), ("pages", pages.to_string())])}</span>
                                    {next.map(|h| view! { <A href=h attr:class="btn" attr:rel="next">{t(Msg::Next)}</A> })}
                                </nav>
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
    .into_any()
}

/// The key facts in one line, for the phone's compact card: carat and grades, ring size,
/// weight and material, each only when the piece has it.
fn facts_line(it: &ItemRowView, lang: crate::i18n::Lang) -> String {
    let mut facts: Vec<String> = Vec::new();
    if !it.carat.is_zero() {
        facts.push(format!("{}ct", it.carat.normalize()));
    }
    facts.extend(it.color.map(|g| g.code().to_string()));
    facts.extend(it.clarity.map(|g| g.code().to_string()));
    facts.extend(it.cut.map(|g| g.code().to_string()));
    facts.extend(it.ring.map(|r| format!("#{r}")));
    if !it.weight_g.is_zero() {
        facts.push(format!("{}g", it.weight_g.normalize()));
    }
    facts.push(it.material_label(lang).to_string());
    facts.join(" · ")
}

#[component]
fn ItemRowLine(it: ItemRowView) -> impl IntoView {
    let i18n = use_i18n();
    let material = it.clone();
    let facts = it.clone();
    let href = format!("/goods/{}", it.id);
    let carat = if it.carat.is_zero() {
        "—".to_string()
    } else {
        format!("{}ct", it.carat)
    };
    // The photo when the ERP gave one, else the category's placeholder (phone cards only).
    let thumb = if it.photo_url.is_empty() {
        let icon = if it.category == Category::LooseDiamond || !it.carat.is_zero() {
            "diamond"
        } else {
            "gold"
        };
        view! { <span class="thumb-ph icon" data-icon=icon></span> }.into_any()
    } else {
        view! { <img src=it.photo_url.clone() alt="" loading="lazy" referrerpolicy="no-referrer"/> }
            .into_any()
    };
    view! {
        <tr data-testid="goods-row">
            <td class="thumb" aria-hidden="true">{thumb}</td>
            <td class="barcode" data-label=t(Msg::Barcode)><A href=href>{it.barcode.clone()}</A></td>
            <td class="name" data-label=t(GoodsMsg::ProductName)>{it.name.clone()}" "<span class="muted">{it.style_no.clone()}</span></td>
            <td class="facts-line" data-testid="row-facts">{move || facts_line(&facts, i18n.lang())}</td>
            <td class="fact" data-label=t(GoodsMsg::Category)>{t(category_msg(it.category))}</td>
            <td class="fact" data-label=t(Msg::Material) data-testid="row-material">{move || material.material_label(i18n.lang()).to_string()}</td>
            <td class="fact" data-label=t(GoodsMsg::Carat) data-testid="row-carat">{carat}</td>
            <td class="fact" data-label=t(GoodsMsg::Color) data-testid="row-color">{code(it.color)}</td>
            <td class="fact" data-label=t(GoodsMsg::Clarity) data-testid="row-clarity">{code(it.clarity)}</td>
            <td class="fact" data-label=t(GoodsMsg::Cut)>{code(it.cut)}</td>
            <td class="fact" data-label=t(GoodsMsg::RingSize) data-testid="row-ring">{dash(it.ring)}</td>
            <td class="fact" data-label=t(GoodsMsg::Weight)>{format!("{}g", it.weight_g)}</td>
            <td data-label=t(Msg::Price) class="num price" data-testid="row-price"><span data-testid="price-amount">{cny(it.price)}</span>
                <crate::components::price_basis::PriceBasisNote basis=it.basis.clone()/></td>
            <td class="store" data-label=t(Msg::ExperienceStore)>{it.store_name.clone()}</td>
            <td class="status" data-label=t(Msg::Status) data-testid="row-status">
                <span class=format!("state-tag tone-{}", it.status.tone())>{t(item_status_msg(it.status))}</span>
            </td>
        </tr>
    }
}
