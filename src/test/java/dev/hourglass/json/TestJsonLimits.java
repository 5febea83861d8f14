package dev.hourglass.json;

/** The JSON limits at their defaults, for tests of the readers without a running server. */
public final class TestJsonLimits {

    private TestJsonLimits() {
    }

    public static JsonLimits defaults() {
        return new JsonLimits(new JsonConfig() {
            @Override
            public int maxDepth() {
                return 16;
            }

            @Override
            public int maxStringLength() {
                return 65536;
            }

            @Override
            public int maxNumberLength() {
                return 32;
            }
        });
    }
}
