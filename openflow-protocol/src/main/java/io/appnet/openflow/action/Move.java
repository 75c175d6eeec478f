package io.appnet.openflow.action;

/** NXAST_REG_MOVE: copy bits of one field into another ({@code move:SRC[..]->DST[..]}). */
public record Move(Subfield src, Subfield dst) implements Action {
    public Move {
        if (src == null || dst == null) {
            throw new IllegalArgumentException("move needs a source and a destination");
        }
        if (src.bits() != dst.bits()) {
            throw new IllegalArgumentException("move copies " + src.bits() + " bits from " + src.toOvsText()
                    + " into " + dst.bits() + " bits of " + dst.toOvsText());
        }
        if (!FieldText.writableByMove(dst.field())) {
            throw new IllegalArgumentException("move cannot write read-only field " + dst.field().nxmName());
        }
    }

    @Override
    public String toOvsText() {
        return "move:" + src.toOvsText() + "->" + dst.toOvsText();
    }
}
