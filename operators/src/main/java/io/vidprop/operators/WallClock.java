package io.vidprop.operators;

import java.io.Serializable;

/** Wall-clock milliseconds, injected where the operator compares capture times with now (tests fix it). */
@FunctionalInterface
public interface WallClock extends Serializable {
    WallClock SYSTEM = System::currentTimeMillis;

    long millis();
}
