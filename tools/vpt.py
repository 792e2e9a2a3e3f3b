"""VPT1: the small tensor container vidprop's fixtures use (read back by io.vidprop.vpt.VptFile, in the model module's test sources).

Layout, little-endian, the whole file gzip-compressed:
    b"VPT1", int32 entry count, then per entry:
    int32 name length, UTF-8 name, uint8 dtype, int32 ndim, int32 dims[ndim], raw data.
dtype: 0 float32, 1 int32, 2 int8, 3 UTF-8 text (dims = [byte count]), 4 int16.
"""
import gzip
import json
import struct

import numpy as np

_DTYPES = {np.dtype("<f4"): 0, np.dtype("<i4"): 1, np.dtype("i1"): 2, np.dtype("<i2"): 4}


def write(path, entries):
    """entries: dict name -> numpy array, or str (stored as text), or dict/list (stored as JSON text)."""
    out = bytearray(b"VPT1")
    out += struct.pack("<i", len(entries))
    for name, value in entries.items():
        raw_name = name.encode("utf-8")
        out += struct.pack("<i", len(raw_name)) + raw_name
        if isinstance(value, (dict, list)):
            value = json.dumps(value, sort_keys=True)
        if isinstance(value, str):
            data = value.encode("utf-8")
            out += struct.pack("<Bii", 3, 1, len(data)) + data
            continue
        arr = np.ascontiguousarray(value)
        if arr.dtype == np.float64:
            raise ValueError(f"{name}: store float32, not float64")
        arr = arr.astype(arr.dtype.newbyteorder("<"), copy=False)
        code = _DTYPES.get(arr.dtype)
        if code is None:
            raise ValueError(f"{name}: unsupported dtype {arr.dtype}")
        out += struct.pack("<Bi", code, arr.ndim) + struct.pack(f"<{arr.ndim}i", *arr.shape) + arr.tobytes()
    with open(path, "wb") as f:
        # mtime=0 keeps the bytes identical from run to run
        with gzip.GzipFile(fileobj=f, mode="wb", compresslevel=9, mtime=0) as gz:
            gz.write(bytes(out))
