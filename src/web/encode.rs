//! Snapshot ⇄ JS message: a JSON header plus transferable typed arrays.

use super::protocol::{arrays, EpochView, ExportKind, FromWorker, SnapshotHeader, StatusView};
use crate::session::history::Curve;
use crate::session::snapshot::PointSet;
use crate::session::Snapshot;
use js_sys::{Array, Float32Array, Float64Array, Object, Reflect, Uint32Array, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};

fn put(obj: &Object, transfer: &Array, key: &str, value: JsValue, buffer: JsValue) {
    let _ = Reflect::set(obj, &key.into(), &value);
    transfer.push(&buffer);
}

fn put_f32(obj: &Object, transfer: &Array, key: &str, data: &[f32]) {
    let a = Float32Array::from(data);
    put(obj, transfer, key, a.clone().into(), a.buffer().into());
}

fn put_f64(obj: &Object, transfer: &Array, key: &str, data: &[f64]) {
    let a = Float64Array::from(data);
    put(obj, transfer, key, a.clone().into(), a.buffer().into());
}

/// A curve's epochs and values, as two arrays.
fn put_curve(obj: &Object, transfer: &Array, keys: (&str, &str), curve: &Curve) {
    put_u32(obj, transfer, keys.0, &curve.epochs);
    put_f64(obj, transfer, keys.1, &curve.values);
}

/// One curve per layer, concatenated into two arrays (their lengths go in the header).
fn put_layer_curves(obj: &Object, transfer: &Array, keys: (&str, &str), curves: &[Curve]) {
    let joined = Curve {
        epochs: curves
            .iter()
            .flat_map(|c| c.epochs.iter().copied())
            .collect(),
        values: curves
            .iter()
            .flat_map(|c| c.values.iter().copied())
            .collect(),
    };
    put_curve(obj, transfer, keys, &joined);
}

fn lengths(curves: &[Curve]) -> Vec<usize> {
    curves.iter().map(|c| c.values.len()).collect()
}

fn put_u32(obj: &Object, transfer: &Array, key: &str, data: &[u32]) {
    let a = Uint32Array::from(data);
    put(obj, transfer, key, a.clone().into(), a.buffer().into());
}

fn put_u8(obj: &Object, transfer: &Array, key: &str, data: &[u8]) {
    let a = Uint8Array::from(data);
    put(obj, transfer, key, a.clone().into(), a.buffer().into());
}

/// The message object and its transfer list.
pub fn encode_snapshot(
    run: u32,
    snap: &Snapshot,
    playing: bool,
    lesson_ended: bool,
    eps: f64,
    diagnosis: Option<String>,
    snapshot_ms: f64,
) -> (JsValue, JsValue) {
    let best_epoch = match snap.status {
        crate::train::Status::StoppedEarly { best_epoch } => Some(best_epoch),
        _ => None,
    };
    let header = FromWorker::Snapshot(Box::new(SnapshotHeader {
        run,
        epoch: snap.epoch,
        playing,
        finished: snap.finished,
        lesson_ended,
        status: StatusView::watching(
            &snap.status,
            match snap.latest.validation_loss {
                Some(_) => "validation",
                None => "test",
            },
        ),
        latest: EpochView::new(&snap.latest, &snap.activations),
        epochs_per_second: eps,
        grid_size: snap.grid_size,
        grad_curve_lengths: lengths(&snap.grad_norms),
        update_curve_lengths: lengths(&snap.update_ratios),
        weight_curve_lengths: lengths(&snap.weight_norms),
        diagnosis,
        diverged_steps: snap.diverged_steps.clone(),
        records_thinned_before: snap.records_thinned_before,
        best_epoch,
        snapshot_ms,
    }));
    let obj = Object::new();
    let transfer = Array::new();
    let _ = Reflect::set(
        &obj,
        &"header".into(),
        &serde_json::to_string(&header).unwrap_or_default().into(),
    );
    put_f32(&obj, &transfer, arrays::GRID, &snap.grid);
    use arrays::*;
    put_curve(
        &obj,
        &transfer,
        (TRAIN_LOSS_EPOCHS, TRAIN_LOSS),
        &snap.train_loss,
    );
    put_curve(
        &obj,
        &transfer,
        (TEST_LOSS_EPOCHS, TEST_LOSS),
        &snap.test_loss,
    );
    let validation = (VALIDATION_LOSS_EPOCHS, VALIDATION_LOSS);
    put_curve(&obj, &transfer, validation, &snap.validation_loss);
    put_layer_curves(&obj, &transfer, (GRAD_EPOCHS, GRAD_NORMS), &snap.grad_norms);
    let updates = (UPDATE_EPOCHS, UPDATE_RATIOS);
    put_layer_curves(&obj, &transfer, updates, &snap.update_ratios);
    let weights = (WEIGHT_EPOCHS, WEIGHT_NORMS);
    put_layer_curves(&obj, &transfer, weights, &snap.weight_norms);
    for (set, xy, labels, predicted) in [
        (
            &snap.train,
            arrays::TRAIN_XY,
            arrays::TRAIN_LABELS,
            arrays::TRAIN_PREDICTED,
        ),
        (
            &snap.test,
            arrays::TEST_XY,
            arrays::TEST_LABELS,
            arrays::TEST_PREDICTED,
        ),
    ] {
        put_f32(&obj, &transfer, xy, &set.xy);
        put_u8(&obj, &transfer, labels, &set.labels);
        put_u8(&obj, &transfer, predicted, &set.predicted);
    }
    (obj.into(), transfer.into())
}

/// Name of the string that carries an export's text beside the header.
const EXPORT_TEXT: &str = "text";

/// An export message: the header without the text, and the text beside it as a plain JS
/// string, so a long history is not escaped into (and parsed back out of) the header.
pub fn encode_export(kind: ExportKind, filename: String, text: &str) -> JsValue {
    let header = FromWorker::Export {
        kind,
        filename,
        text: String::new(),
    };
    let obj = Object::new();
    let _ = Reflect::set(
        &obj,
        &"header".into(),
        &serde_json::to_string(&header).unwrap_or_default().into(),
    );
    let _ = Reflect::set(&obj, &EXPORT_TEXT.into(), &JsValue::from_str(text));
    obj.into()
}

fn get(obj: &JsValue, key: &str) -> Option<JsValue> {
    Reflect::get(obj, &key.into())
        .ok()
        .filter(|v| !v.is_undefined())
}

fn f32s(obj: &JsValue, key: &str) -> Vec<f32> {
    get(obj, key)
        .and_then(|v| v.dyn_into::<Float32Array>().ok())
        .map(|a| a.to_vec())
        .unwrap_or_default()
}

fn f64s(obj: &JsValue, key: &str) -> Vec<f64> {
    get(obj, key)
        .and_then(|v| v.dyn_into::<Float64Array>().ok())
        .map(|a| a.to_vec())
        .unwrap_or_default()
}

fn curve(obj: &JsValue, epochs: &str, values: &str) -> Curve {
    Curve {
        epochs: u32s(obj, epochs),
        values: f64s(obj, values),
    }
}

/// Splits concatenated per-layer curves by the lengths in the header.
fn layer_curves(obj: &JsValue, epochs: &str, values: &str, lengths: &[usize]) -> Vec<Curve> {
    let joined = curve(obj, epochs, values);
    let end = joined.epochs.len().min(joined.values.len());
    let mut at = 0;
    lengths
        .iter()
        .map(|&len| {
            let stop = (at + len).min(end);
            let c = Curve {
                epochs: joined.epochs[at..stop].to_vec(),
                values: joined.values[at..stop].to_vec(),
            };
            at = stop;
            c
        })
        .collect()
}

fn u32s(obj: &JsValue, key: &str) -> Vec<u32> {
    get(obj, key)
        .and_then(|v| v.dyn_into::<Uint32Array>().ok())
        .map(|a| a.to_vec())
        .unwrap_or_default()
}

fn u8s(obj: &JsValue, key: &str) -> Vec<u8> {
    get(obj, key)
        .and_then(|v| v.dyn_into::<Uint8Array>().ok())
        .map(|a| a.to_vec())
        .unwrap_or_default()
}

/// A decoded snapshot: the header and the arrays, as plain Rust data for the views.
pub struct Frame {
    pub header: SnapshotHeader,
    pub grid: Vec<f32>,
    pub train_loss: Curve,
    pub test_loss: Curve,
    pub validation_loss: Curve,
    pub grad_norms: Vec<Curve>,
    pub update_ratios: Vec<Curve>,
    pub weight_norms: Vec<Curve>,
    pub train: PointSet,
    pub test: PointSet,
}

/// Reads a worker message: its header, and for a snapshot the accompanying arrays.
pub fn decode(data: &JsValue) -> Result<(FromWorker, Option<Frame>), String> {
    let text = get(data, "header")
        .and_then(|h| h.as_string())
        .ok_or("a worker message without a header")?;
    let mut msg: FromWorker =
        serde_json::from_str(&text).map_err(|e| format!("unreadable worker message: {e}"))?;
    if let FromWorker::Export { text, .. } = &mut msg {
        if let Some(beside) = get(data, EXPORT_TEXT).and_then(|t| t.as_string()) {
            *text = beside;
        }
        return Ok((msg, None));
    }
    let FromWorker::Snapshot(header) = &msg else {
        return Ok((msg, None));
    };
    let header = (**header).clone();
    use arrays::*;
    let grad_norms = layer_curves(data, GRAD_EPOCHS, GRAD_NORMS, &header.grad_curve_lengths);
    let update_ratios = layer_curves(
        data,
        UPDATE_EPOCHS,
        UPDATE_RATIOS,
        &header.update_curve_lengths,
    );
    let weight_norms = layer_curves(
        data,
        WEIGHT_EPOCHS,
        WEIGHT_NORMS,
        &header.weight_curve_lengths,
    );
    let points = |xy, labels, predicted| PointSet {
        xy: f32s(data, xy),
        labels: u8s(data, labels),
        predicted: u8s(data, predicted),
    };
    let frame = Frame {
        grid: f32s(data, arrays::GRID),
        train_loss: curve(data, TRAIN_LOSS_EPOCHS, TRAIN_LOSS),
        test_loss: curve(data, TEST_LOSS_EPOCHS, TEST_LOSS),
        validation_loss: curve(data, VALIDATION_LOSS_EPOCHS, VALIDATION_LOSS),
        update_ratios,
        weight_norms,
        grad_norms,
        train: points(
            arrays::TRAIN_XY,
            arrays::TRAIN_LABELS,
            arrays::TRAIN_PREDICTED,
        ),
        test: points(arrays::TEST_XY, arrays::TEST_LABELS, arrays::TEST_PREDICTED),
        header,
    };
    Ok((msg, Some(frame)))
}
