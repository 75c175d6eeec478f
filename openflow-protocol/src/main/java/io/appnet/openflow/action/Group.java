package io.appnet.openflow.action;

/** OFPAT_GROUP: process the packet through a group. */
public record Group(long groupId) implements Action {
    public Group {
        if (groupId < 0 || groupId > 0xffffff00L) {
            throw new IllegalArgumentException("group id " + groupId + " is outside 0..0xffffff00");
        }
    }

    @Override
    public String toOvsText() {
        return "group:" + groupId;
    }
}
