package io.vidprop.ingest;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded hand-over between a producer that must never block (a live source) and a consumer that may fall behind:
 * when full, offering an item evicts the oldest one, so memory stays bounded and what is sent is as fresh as
 * possible.
 */
final class DropOldestQueue<T> {
    private final int capacity;
    private final ArrayDeque<T> items;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private int highWaterMark;

    DropOldestQueue(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("queue capacity must be positive, got " + capacity);
        }
        this.capacity = capacity;
        this.items = new ArrayDeque<>(capacity);
    }

    /** Adds the item; returns the oldest item it evicted to make room, or null. */
    T offer(T item) {
        lock.lock();
        try {
            T evicted = items.size() == capacity ? items.pollFirst() : null;
            items.addLast(item);
            highWaterMark = Math.max(highWaterMark, items.size());
            notEmpty.signal();
            return evicted;
        } finally {
            lock.unlock();
        }
    }

    /** The oldest item, waiting up to the timeout for one; null if none came. */
    T poll(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lock();
        try {
            while (items.isEmpty()) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            return items.pollFirst();
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return items.size();
        } finally {
            lock.unlock();
        }
    }

    int capacity() {
        return capacity;
    }

    /** The most items the queue ever held at once. */
    int highWaterMark() {
        lock.lock();
        try {
            return highWaterMark;
        } finally {
            lock.unlock();
        }
    }
}
