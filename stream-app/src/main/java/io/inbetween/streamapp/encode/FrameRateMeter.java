package io.inbetween.streamapp.encode;

/** Frames written per second over the last second or two; zero once writing has stopped for 3 s. */
final class FrameRateMeter {
    private long windowStart = System.nanoTime();
    private long windowFrames;
    private volatile double perSecond;
    private volatile long updated = System.nanoTime();

    /** One more frame; called from the encoder's thread only. */
    void count() {
        windowFrames++;
        long now = System.nanoTime();
        if (now - windowStart >= 1_000_000_000L) {
            perSecond = windowFrames * 1e9 / (now - windowStart);
            updated = now;
            windowStart = now;
            windowFrames = 0;
        }
    }

    /** Safe from any thread. */
    double perSecond() { return System.nanoTime() - updated > 3_000_000_000L ? 0 : perSecond; }
}
