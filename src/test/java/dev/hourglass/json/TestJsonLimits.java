package dev.hourglass.json;

/** JSON limits for tests of the readers without a running server: the defaults, or others. */
public final class TestJsonLimits {

    private TestJsonLimits() {
    }

    public static JsonLimits defaults() {
        return of(16, 65536, 32);
    }

    /** Other limits, small enough for a test to pass each of them. */
    public static JsonLimits of(int maxDepth, int maxStringLength, int maxNumberLength) {
        return new JsonLimits(new JsonConfig() {
            @Override
            public int maxDepth() {
                return maxDepth;
            }

            @Override
            public int maxStringLength() {
                return maxStringLength;
            }

            @Override
            public int maxNumberLength() {
                return maxNumberLength;
            }
        });
    }
}
