package io.appnet.compiler.model;

import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/** A named set of apps. */
public record Group(GroupName name, SortedSet<AppId> members) {

    public Group {
        members = Collections.unmodifiableSortedSet(new TreeSet<>(members));
    }
}
