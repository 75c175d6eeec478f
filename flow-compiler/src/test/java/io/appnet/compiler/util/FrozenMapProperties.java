package io.appnet.compiler.util;

import static org.assertj.core.api.Assertions.assertThat;

import io.appnet.compiler.util.PersistentMapProperties.Key;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A frozen map built in bulk holds what a HashMap fed the same entries holds, values of a repeated key grouped in
 * the order they came, whatever the hashes (full collisions, negative, spread); one builder reused for several
 * maps builds each as a fresh one would.
 */
class FrozenMapProperties {

    /** Few distinct hashes (collisions), negative ones, and well spread ones. */
    private static int hashOf(int id) {
        return switch (id % 3) {
            case 0 -> id % 5;
            case 1 -> -id;
            default -> id * 0x9E3779B9;
        };
    }

    @Provide
    Arbitrary<List<List<Integer>>> batches() {
        return Arbitraries.integers().between(0, 400).list().ofMaxSize(300).list().ofMinSize(1).ofMaxSize(4);
    }

    @Property(tries = 200)
    void oneReusedBuilderBuildsWhatAHashMapHolds(@ForAll("batches") List<List<Integer>> batches) {
        FrozenMap.Builder<Key, String> builder = new FrozenMap.Builder<>(4);
        for (List<Integer> ids : batches) {
            Map<Key, List<String>> expected = new HashMap<>();
            for (int i = 0; i < ids.size(); i++) {
                Key key = new Key(ids.get(i), hashOf(ids.get(i)));
                builder.add(key, "v" + i);
                expected.computeIfAbsent(key, k -> new ArrayList<>()).add("v" + i);
            }
            FrozenMap<Key, String> map = builder.build(group -> String.join("+", group));

            assertThat(map.size()).isEqualTo(expected.size());
            Map<Key, String> held = new HashMap<>();
            map.forEach(held::put);
            Map<Key, String> joined = new HashMap<>();
            expected.forEach((key, values) -> joined.put(key, String.join("+", values)));
            assertThat(held).isEqualTo(joined);
            for (Key key : joined.keySet()) {
                assertThat(map.get(key)).isEqualTo(joined.get(key));
            }
            for (int absent = 401; absent < 420; absent++) {
                assertThat(map.containsKey(new Key(absent, hashOf(absent)))).isFalse();
            }
        }
    }
}
