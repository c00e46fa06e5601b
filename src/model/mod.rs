//! The network: activations, initialisers, parameters, and the hand-written forward and
//! backward passes (with residual connections, batch norm and dropout).

pub mod activation;
pub mod backward;
pub mod config;
pub mod forward;
pub mod init;
pub mod mlp;

pub use activation::Activation;
pub use config::ModelConfig;
pub use forward::{forward, Mode, Workspace};
pub use init::Init;
pub use mlp::{Layer, LayerParams, Mlp};
