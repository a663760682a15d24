/**
 * Media: uploaded images. `createMediaService` ingests JPEG, PNG and WebP bytes (idempotent by
 * SHA-256), checks them, applies EXIF orientation, makes WebP and original-format derivatives at
 * the `VARIANT_WIDTHS` with metadata stripped, stores every file through a `Storage` (local disk
 * under `<dataDir>/uploads` by default, replaceable by a shared object store) and records the
 * image; `registerMediaRoutes` serves the files at `/media/<id>/<file>` with year-long caching.
 */
export { DEFAULT_IMAGE_LIMITS, IMAGE_FORMATS, type ImageFormat, type ImageLimits, VARIANT_WIDTHS } from './image-processing.js';
export { type MediaRouteDeps, registerMediaRoutes } from './media-routes.js';
export { createMediaService, type MediaService } from './media-service.js';
export { createLocalStorage, isValidStorageKey, type Storage } from './storage.js';
