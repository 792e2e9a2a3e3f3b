package io.vidprop.bench;

/** A frame as published: camera, sequence within the camera, JPEG bytes. */
record Published(String camera, long sequence, byte[] jpeg) {}
