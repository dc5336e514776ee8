/** The `.gitattributes` Hugging Face puts in every new repository: large binary formats go to LFS. */
export const DEFAULT_GITATTRIBUTES = [
  '*.7z', '*.arrow', '*.bin', '*.bz2', '*.ckpt', '*.ftz', '*.gguf', '*.gz', '*.h5', '*.joblib', '*.lfs.*', '*.mlmodel',
  '*.model', '*.msgpack', '*.npy', '*.npz', '*.onnx', '*.ot', '*.parquet', '*.pb', '*.pickle', '*.pkl', '*.pt', '*.pth',
  '*.rar', '*.safetensors', 'saved_model/**/*', '*.tar.*', '*.tar', '*.tflite', '*.tgz', '*.wasm', '*.xz', '*.zip',
  '*.zst', '*tfevents*',
].map((pattern) => `${pattern} filter=lfs diff=lfs merge=lfs -text`).join('\n') + '\n';
