package io.appnet.controller.store;

import java.util.List;
import java.util.TreeSet;

/** A group row (a Cloud Foundry space): its id (what policies name), a unique display name, its member app GUIDs. */
public record StoredGroup(String id, String name, List<String> members) {

    public StoredGroup {
        StoreFields.present("group id", id);
        StoreFields.present("group name", name);
        members = List.copyOf(new TreeSet<>(members));
        members.forEach(member -> StoreFields.present("member app GUID", member));
    }
}
