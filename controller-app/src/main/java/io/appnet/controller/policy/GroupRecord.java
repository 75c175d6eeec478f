package io.appnet.controller.policy;

import java.util.List;
import java.util.TreeSet;

/**
 * A group (Cloud Foundry's space): its id, which policies and {@code type: space} egress policies name, a display
 * name unique among groups, and its member app GUIDs (sorted).
 */
public record GroupRecord(String id, String name, List<String> members) {

    public GroupRecord {
        if (id == null || id.isEmpty()) {
            throw new PolicyException("missing group id");
        }
        if (name == null || name.isEmpty()) {
            throw new PolicyException("missing group name");
        }
        members = List.copyOf(new TreeSet<>(members == null ? List.of() : members));
    }
}
