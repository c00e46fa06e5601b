//! Snapshot ⇄ JS message: a JSON header plus transferable typed arrays.

use super::protocol::{arrays, EpochView, ExportKind, FromWorker, SnapshotHeader, StatusView};
use crate::session::history::Curve;
use crate::session::snapshot::PointSet;
use crate::session::Snapshot;
use js_sys::{Array, Float32Array, Object, Reflect, Uint32Array, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};

fn put(obj: &Object, transfer: &Array, key: &str, value: JsValue, buffer: JsValue) {
    let _ = Reflect::set(obj, &key.into(), &value);
    transfer.push(&buffer);
}

fn put_f32(obj: &Object, transfer: &Array, key: &str, data: &[f32]) {
    let a = Float32Array::from(data);
    put(obj, transfer, key, a.clone().into(), a.buffer().into());
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
        status: StatusView::watching(
            &snap.status,
            match snap.latest.validation_loss {
                Some(_) => "validation",
                None => "test",
            },
        ),
        latest: EpochView::from(&snap.latest),
        epochs_per_second: eps,
        grid_size: snap.grid_size,
        grad_curve_lengths: snap.grad_norms.iter().map(|c| c.values.len()).collect(),
        diagnosis,
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
    put_u32(
        &obj,
        &transfer,
        arrays::TRAIN_LOSS_EPOCHS,
        &snap.train_loss.epochs,
    );
    put_f32(&obj, &transfer, arrays::TRAIN_LOSS, &snap.train_loss.values);
    put_u32(
        &obj,
        &transfer,
        arrays::TEST_LOSS_EPOCHS,
        &snap.test_loss.epochs,
    );
    put_f32(&obj, &transfer, arrays::TEST_LOSS, &snap.test_loss.values);
    put_u32(
        &obj,
        &transfer,
        arrays::VALIDATION_LOSS_EPOCHS,
        &snap.validation_loss.epochs,
    );
    put_f32(
        &obj,
        &transfer,
        arrays::VALIDATION_LOSS,
        &snap.validation_loss.values,
    );
    let grad_epochs: Vec<u32> = snap
        .grad_norms
        .iter()
        .flat_map(|c| c.epochs.iter().copied())
        .collect();
    let grad_values: Vec<f32> = snap
        .grad_norms
        .iter()
        .flat_map(|c| c.values.iter().copied())
        .collect();
    put_u32(&obj, &transfer, arrays::GRAD_EPOCHS, &grad_epochs);
    put_f32(&obj, &transfer, arrays::GRAD_NORMS, &grad_values);
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
    let (grad_epochs, grad_values) = (
        u32s(data, arrays::GRAD_EPOCHS),
        f32s(data, arrays::GRAD_NORMS),
    );
    let mut grad_norms = Vec::new();
    let mut at = 0;
    for &len in &header.grad_curve_lengths {
        let end = (at + len).min(grad_values.len()).min(grad_epochs.len());
        grad_norms.push(Curve {
            epochs: grad_epochs[at..end].to_vec(),
            values: grad_values[at..end].to_vec(),
        });
        at = end;
    }
    let points = |xy, labels, predicted| PointSet {
        xy: f32s(data, xy),
        labels: u8s(data, labels),
        predicted: u8s(data, predicted),
    };
    let frame = Frame {
        grid: f32s(data, arrays::GRID),
        train_loss: Curve {
            epochs: u32s(data, arrays::TRAIN_LOSS_EPOCHS),
            values: f32s(data, arrays::TRAIN_LOSS),
        },
        test_loss: Curve {
            epochs: u32s(data, arrays::TEST_LOSS_EPOCHS),
            values: f32s(data, arrays::TEST_LOSS),
        },
        validation_loss: Curve {
            epochs: u32s(data, arrays::VALIDATION_LOSS_EPOCHS),
            values: f32s(data, arrays::VALIDATION_LOSS),
        },
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
