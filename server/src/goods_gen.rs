//! Realistic generated items, as ERP rows: most pieces small diamonds or gold, few large stones;
//! colour around G–H, clarity around VS–SI, mostly excellent/very good make. Used by the demo
//! data, the benchmark and the tests (deterministic for a seed).

use app::domain::goods::{Clarity, Color, Fluorescence, Grade, Scale};
use app::domain::item_import::ItemRow;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rust_decimal::Decimal;

const MATERIALS_FINE: &[&str] = &["PT950", "18K_WHITE", "18K_YELLOW", "18K_ROSE"];

fn pick<'a, T>(rng: &mut StdRng, weighted: &'a [(T, u32)]) -> &'a T {
    let total: u32 = weighted.iter().map(|(_, w)| w).sum();
    let mut x = rng.gen_range(0..total.max(1));
    for (v, w) in weighted {
        if x < *w {
            return v;
        }
        x -= w;
    }
    &weighted[0].0
}

fn carat(rng: &mut StdRng) -> Decimal {
    let band = *pick(rng, &[(0u8, 60), (1, 25), (2, 12), (3, 3)]);
    let (lo, hi) = match band {
        0 => (5, 30),
        1 => (30, 70),
        2 => (70, 150),
        _ => (150, 500),
    };
    Decimal::new(rng.gen_range(lo..=hi), 2)
}

/// `n` rows numbered from `start`, spread over `stores` (names).
pub fn generate(n: usize, start: usize, seed: u64, stores: &[String]) -> Vec<ItemRow> {
    let mut rng = StdRng::seed_from_u64(seed);
    let colors: Vec<(Color, u32)> = Color::ALL[..10]
        .iter()
        .zip([3, 6, 10, 18, 20, 15, 12, 8, 5, 3])
        .map(|(c, w)| (*c, w))
        .collect();
    let clarities: Vec<(Clarity, u32)> = Clarity::ALL[..9]
        .iter()
        .zip([1, 3, 6, 10, 18, 22, 20, 14, 6])
        .map(|(c, w)| (*c, w))
        .collect();
    let makes = [
        (Grade::Excellent, 55),
        (Grade::VeryGood, 30),
        (Grade::Good, 12),
        (Grade::Fair, 3),
    ];
    let fluor = [
        (Fluorescence::None, 60),
        (Fluorescence::Faint, 25),
        (Fluorescence::Medium, 12),
        (Fluorescence::Strong, 3),
    ];
    let kinds = [
        ("ring", 35),
        ("pendant", 18),
        ("earrings", 14),
        ("necklace", 10),
        ("bracelet", 8),
        ("bangle", 10),
        ("loose_diamond", 5),
    ];
    let mut rows = Vec::with_capacity(n);
    for i in start..start + n {
        let category = *pick(&mut rng, &kinds);
        let gold = category == "bangle" || (category != "loose_diamond" && rng.gen_bool(0.2));
        let stone = !gold;
        let material = if category == "loose_diamond" {
            "PT950"
        } else if gold {
            "AU999"
        } else {
            MATERIALS_FINE[rng.gen_range(0..MATERIALS_FINE.len())]
        };
        let weight_mg: i64 = match category {
            "bangle" => rng.gen_range(15_000..60_000),
            "necklace" => rng.gen_range(3_000..12_000),
            "loose_diamond" => 0,
            _ if gold => rng.gen_range(2_000..12_000),
            _ => rng.gen_range(1_500..6_500),
        };
        let ct = if stone {
            carat(&mut rng)
        } else {
            Decimal::ZERO
        };
        let color = stone.then(|| *pick(&mut rng, &colors));
        let clarity = stone.then(|| *pick(&mut rng, &clarities));
        let cut = stone.then(|| *pick(&mut rng, &makes));
        let polish = stone.then(|| *pick(&mut rng, &makes));
        let symmetry = stone.then(|| *pick(&mut rng, &makes));
        let fl = stone.then(|| *pick(&mut rng, &fluor));
        let certified = stone && ct >= Decimal::new(30, 2);
        let ring =
            (category == "ring").then(|| app::domain::goods::RingSize(rng.gen_range(16..=44)));
        // Price: the stone by carat² and grade, the metal by weight; whole tens of yuan.
        let d = |v: i64| Decimal::from(v);
        let pct = |v: i64| Decimal::new(v, 2);
        let grade_factor = color.map_or(Decimal::ONE, |c| {
            Decimal::ONE - pct(6) * d(i64::from(c.rank()))
        }) * clarity.map_or(Decimal::ONE, |c| {
            Decimal::ONE - pct(7) * d(i64::from(c.rank()))
        });
        let stone_yuan = d(60_000) * ct * ct * grade_factor + d(3_000) * ct;
        let metal_yuan = Decimal::new(weight_mg, 3) * d(if gold { 620 } else { 450 });
        let price = ((stone_yuan + metal_yuan + d(800)) / d(10)).round() * d(10);
        let name = match category {
            "ring" if stone => "经典六爪钻戒",
            "ring" => "足金素圈戒指",
            "pendant" if stone => "心形钻石吊坠",
            "pendant" => "足金平安扣吊坠",
            "earrings" if stone => "钻石耳钉",
            "earrings" => "足金耳环",
            "necklace" => "锁骨链项链",
            "bracelet" if stone => "满天星钻石手链",
            "bracelet" => "足金手链",
            "bangle" => "古法足金手镯",
            _ => "GIA裸钻",
        };
        rows.push(ItemRow {
            erp_id: format!("SAP{i:09}"),
            barcode: format!("VT{i:09}"),
            style_no: format!("{}{:04}", &category[..1].to_uppercase(), i % 500 + 1000),
            name: name.into(),
            category: category.into(),
            material: material.into(),
            weight_g: Decimal::new(weight_mg, 3).to_string(),
            carat: if stone { ct.to_string() } else { String::new() },
            color: color.map(|g| g.code().into()).unwrap_or_default(),
            clarity: clarity.map(|g| g.code().into()).unwrap_or_default(),
            cut: cut.map(|g| g.code().into()).unwrap_or_default(),
            polish: polish.map(|g| g.code().into()).unwrap_or_default(),
            symmetry: symmetry.map(|g| g.code().into()).unwrap_or_default(),
            fluorescence: fl.map(|g| g.code().into()).unwrap_or_default(),
            cert_lab: if certified {
                ["GIA", "NGTC", "IGI"][i % 3].into()
            } else {
                String::new()
            },
            cert_no: if certified {
                format!("{}", 2_100_000_000 + i)
            } else {
                String::new()
            },
            ring_size: ring.map(|r| r.to_string()).unwrap_or_default(),
            price: price.max(d(100)).to_string(),
            // Gold priced by weight carries a labour fee (工费): ¥20 a gram.
            labour_fee: if material == "AU999" {
                (Decimal::new(weight_mg, 3) * d(20)).round_dp(2).to_string()
            } else {
                String::new()
            },
            presale: if rng.gen_bool(0.05) { "1" } else { "0" }.into(),
            store: stores[i % stores.len().max(1)].clone(),
            status: match rng.gen_range(0..100) {
                0..=2 => "in_transit",
                _ => "in_stock",
            }
            .into(),
            photo_url: String::new(),
        });
    }
    rows
}

/// The engagement rings a store keeps in its window: 0.5–1.0 ct, D–H, VVS1–SI1, the common
/// sizes 11–15, in each store (the demo's "what a customer asks for first").
pub fn bridal_showcase(start: usize, stores: &[String]) -> Vec<ItemRow> {
    const GRADES: &[(&str, &str, &str)] = &[
        ("0.50", "G", "VS2"),
        ("0.52", "F", "VS1"),
        ("0.60", "H", "VS2"),
        ("0.70", "E", "VVS2"),
        ("0.72", "G", "SI1"),
        ("0.80", "D", "VVS1"),
        ("0.90", "G", "VS1"),
        ("1.00", "F", "VS2"),
        ("0.55", "I", "VS1"),
        ("0.65", "G", "VS2"),
        ("0.75", "H", "VVS2"),
        ("0.95", "E", "VS2"),
    ];
    let sizes = ["11", "11.5", "12", "12.5", "13", "13.5", "14", "15"];
    let mut rows = Vec::new();
    for (s, store) in stores.iter().enumerate() {
        for (i, (ct, color, clarity)) in GRADES.iter().enumerate() {
            let n = start + s * GRADES.len() + i;
            let carat = Decimal::from_str_exact(ct).unwrap_or_default();
            let price = (Decimal::from(55_000) * carat * carat + Decimal::from(4_800)).round();
            rows.push(ItemRow {
                erp_id: format!("SAP{n:09}"),
                barcode: format!("VT{n:09}"),
                style_no: format!("BR{:03}", i + 1),
                name: "经典六爪订婚钻戒".into(),
                category: "ring".into(),
                material: if i % 2 == 0 { "PT950" } else { "18K_WHITE" }.into(),
                weight_g: "3.200".into(),
                carat: ct.to_string(),
                color: color.to_string(),
                clarity: clarity.to_string(),
                cut: "EX".into(),
                polish: "EX".into(),
                symmetry: if i % 3 == 0 { "VG" } else { "EX" }.into(),
                fluorescence: "N".into(),
                cert_lab: "GIA".into(),
                cert_no: format!("{}", 2_200_000_000 + n),
                ring_size: sizes[(i + s) % sizes.len()].into(),
                price: price.to_string(),
                labour_fee: String::new(),
                presale: "0".into(),
                store: store.clone(),
                status: "in_stock".into(),
                photo_url: String::new(),
            });
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::domain::item_import::{validate_item_row, ImportContext};

    #[test]
    fn generated_rows_are_valid_and_deterministic() {
        let stores = vec!["上海旗舰店".to_string(), "长沙体验店".to_string()];
        let materials: Vec<String> = ["PT950", "18K_WHITE", "18K_YELLOW", "18K_ROSE", "AU999"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let rows = generate(2000, 1, 7, &stores);
        assert_eq!(rows, generate(2000, 1, 7, &stores));
        let ctx = ImportContext {
            materials: &materials,
            stores: &stores,
        };
        for r in &rows {
            assert!(validate_item_row(r, &ctx).is_ok(), "{r:?}");
        }
        let big = rows
            .iter()
            .filter(|r| r.carat.parse::<f64>().unwrap_or(0.0) >= 1.5)
            .count();
        let small = rows
            .iter()
            .filter(|r| (0.0..0.3).contains(&r.carat.parse::<f64>().unwrap_or(9.0)))
            .count();
        assert!(small > big * 5, "small {small}, big {big}");
    }
}
