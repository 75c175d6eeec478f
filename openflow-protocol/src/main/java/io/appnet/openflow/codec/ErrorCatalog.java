package io.appnet.openflow.codec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every error an OpenFlow 1.3 switch may send, by wire number, with the name Open vSwitch prints for it and a
 * readable description. Taken from the OpenFlow 1.3 specification and Open vSwitch's
 * {@code include/openvswitch/ofp-errors.h} (the OF1.3 column: standard type/code pairs, and the experimenter
 * errors Open vSwitch sends as Nicira or ONF {@code exp_type}s).
 */
final class ErrorCatalog {
    static final long NICIRA = 0x00002320L;
    static final long ONF = 0x4F4E4600L;

    /** A known error: {@code name} as Open vSwitch prints it, {@code category} its error type in words. */
    record Entry(String name, String category, String description) {
    }

    /**
     * How an error appears on the wire: a standard one as {@code type}/{@code code} (experimenter 0), an
     * experimenter one as type 0xffff with {@code code} its exp_type.
     */
    record Numbered(long experimenter, int type, int code, Entry entry) {
    }

    private static final List<Numbered> ALL = new ArrayList<>();
    private static final Map<Integer, String> TYPE_NAMES = new HashMap<>();
    private static final Map<Integer, Entry> STANDARD = new HashMap<>();
    private static final Map<Long, Entry> EXPERIMENTER = new HashMap<>();

    static {
        typeName(0, "OFPET_HELLO_FAILED");
        typeName(1, "OFPET_BAD_REQUEST");
        typeName(2, "OFPET_BAD_ACTION");
        typeName(3, "OFPET_BAD_INSTRUCTION");
        typeName(4, "OFPET_BAD_MATCH");
        typeName(5, "OFPET_FLOW_MOD_FAILED");
        typeName(6, "OFPET_GROUP_MOD_FAILED");
        typeName(7, "OFPET_PORT_MOD_FAILED");
        typeName(8, "OFPET_TABLE_MOD_FAILED");
        typeName(9, "OFPET_QUEUE_OP_FAILED");
        typeName(10, "OFPET_SWITCH_CONFIG_FAILED");
        typeName(11, "OFPET_ROLE_REQUEST_FAILED");
        typeName(12, "OFPET_METER_MOD_FAILED");
        typeName(13, "OFPET_TABLE_FEATURES_FAILED");
        typeName(0xffff, "OFPET_EXPERIMENTER");

        standard(0, 0, "OFPHFC_INCOMPATIBLE", "no compatible version");
        standard(0, 1, "OFPHFC_EPERM", "permissions error");
        standard(1, 0, "OFPBRC_BAD_VERSION", "ofp_header.version not supported");
        standard(1, 1, "OFPBRC_BAD_TYPE", "ofp_header.type not supported");
        standard(1, 2, "OFPBRC_BAD_STAT", "ofp_stats_msg.type not supported");
        standard(1, 3, "OFPBRC_BAD_VENDOR", "vendor not supported (in ofp_vendor_header or ofp_stats_msg)");
        standard(1, 4, "OFPBRC_BAD_SUBTYPE", "vendor subtype not supported");
        standard(1, 5, "OFPBRC_EPERM", "permissions error");
        standard(1, 6, "OFPBRC_BAD_LEN", "wrong request length for type");
        standard(1, 7, "OFPBRC_BUFFER_EMPTY", "specified buffer has already been used");
        standard(1, 8, "OFPBRC_BUFFER_UNKNOWN", "specified buffer does not exist");
        standard(1, 9, "OFPBRC_BAD_TABLE_ID", "specified table-id invalid or does not exist");
        standard(1, 10, "OFPBRC_IS_SECONDARY", "denied because controller has secondary role (read-only access)");
        standard(1, 11, "OFPBRC_BAD_PORT", "invalid or missing port");
        standard(1, 12, "OFPBRC_BAD_PACKET", "invalid packet in packet-out");
        standard(1, 13, "OFPBRC_MULTIPART_BUFFER_OVERFLOW", "multipart request overflowed the assigned buffer");
        onf(2640, "OFPBRC_MULTIPART_REQUEST_TIMEOUT", "bad request", "timeout during multipart request");
        onf(2641, "OFPBRC_MULTIPART_REPLY_TIMEOUT", "bad request", "timeout during multipart reply");
        nicira(2, "NXBRC_NXM_INVALID", "bad request", "invalid NXM flow match");
        nicira(3, "NXBRC_NXM_BAD_TYPE", "bad request",
                "the nxm_type, alone or with nxm_hasmask or nxm_length, is invalid or not implemented");
        nicira(4, "NXBRC_MUST_BE_ZERO", "bad request", "must-be-zero field had nonzero value");
        nicira(5, "NXBRC_BAD_REASON", "bad request", "the reason in an ofp_port_status message is not valid");
        nicira(9, "NXBRC_FM_BAD_EVENT", "bad request",
                "the 'event' in an NXST_FLOW_MONITOR reply is not one the switch knows");
        nicira(10, "NXBRC_UNENCODABLE_ERROR", "bad request",
                "the error that occurred cannot be represented in this OpenFlow version");
        standard(2, 0, "OFPBAC_BAD_TYPE", "unknown or unsupported action type");
        standard(2, 1, "OFPBAC_BAD_LEN", "length problem in actions");
        standard(2, 2, "OFPBAC_BAD_VENDOR", "unknown experimenter id specified");
        standard(2, 3, "OFPBAC_BAD_VENDOR_TYPE", "unknown action type for experimenter id");
        standard(2, 4, "OFPBAC_BAD_OUT_PORT", "problem validating output port");
        standard(2, 5, "OFPBAC_BAD_ARGUMENT", "bad action argument");
        standard(2, 6, "OFPBAC_EPERM", "permissions error");
        standard(2, 7, "OFPBAC_TOO_MANY", "can't handle this many actions");
        standard(2, 8, "OFPBAC_BAD_QUEUE", "problem validating output queue");
        standard(2, 9, "OFPBAC_BAD_OUT_GROUP", "invalid group id in output action");
        standard(2, 10, "OFPBAC_MATCH_INCONSISTENT",
                "action can't apply for this match or a prerequisite for use of this field is unmet");
        standard(2, 11, "OFPBAC_UNSUPPORTED_ORDER",
                "action order is unsupported for the action list in an Apply-Actions instruction");
        standard(2, 12, "OFPBAC_BAD_TAG", "actions uses an unsupported tag/encap");
        standard(2, 13, "OFPBAC_BAD_SET_TYPE", "action uses unknown or unsupported OXM or NXM field");
        standard(2, 14, "OFPBAC_BAD_SET_LEN",
                "action references past the end of an OXM or NXM field, or uses a length of zero");
        standard(2, 15, "OFPBAC_BAD_SET_ARGUMENT",
                "action sets a field to an invalid or unsupported value, or modifies a read-only field");
        onf(4250, "OFPBAC_BAD_SET_MASK", "bad action", "field in Set-Field action has Has-Mask bit set to 1");
        nicira(11, "NXBAC_MUST_BE_ZERO", "bad action", "must-be-zero action argument had nonzero value");
        nicira(15, "NXBAC_BAD_CONJUNCTION", "bad action",
                "conjunction must be the only action, with 1 <= k <= n and 2 <= n <= 64");
        nicira(39, "NXBAC_BAD_HEADER_TYPE", "bad action", "unsupported packet type in encap or decap");
        nicira(40, "NXBAC_UNKNOWN_ED_PROP", "bad action", "unrecognized encap or decap property");
        nicira(41, "NXBAC_BAD_ED_PROP", "bad action", "error in encap or decap property");
        nicira(42, "NXBAC_CT_DATAPATH_SUPPORT", "bad action",
                "action requires a connection-tracking feature that the datapath does not support");
        standard(3, 0, "OFPBIC_UNKNOWN_INST", "unknown instruction");
        standard(3, 1, "OFPBIC_UNSUP_INST", "switch or table does not support the instruction");
        standard(3, 2, "OFPBIC_BAD_TABLE_ID", "invalid Table-ID specified");
        standard(3, 3, "OFPBIC_UNSUP_METADATA", "metadata value unsupported by datapath");
        standard(3, 4, "OFPBIC_UNSUP_METADATA_MASK", "metadata mask value unsupported by datapath");
        standard(3, 5, "OFPBIC_BAD_EXPERIMENTER", "unknown experimenter id specified");
        standard(3, 6, "OFPBIC_BAD_EXP_TYPE", "unknown instruction for experimenter id");
        standard(3, 7, "OFPBIC_BAD_LEN", "length problem in instructions");
        standard(3, 8, "OFPBIC_EPERM", "permissions error");
        onf(2600, "OFPBIC_DUP_INST", "bad instruction", "duplicate instruction");
        standard(4, 0, "OFPBMC_BAD_TYPE", "unsupported match type specified by the match");
        standard(4, 1, "OFPBMC_BAD_LEN", "length problem in match");
        standard(4, 2, "OFPBMC_BAD_TAG", "match uses an unsupported tag/encap");
        standard(4, 3, "OFPBMC_BAD_DL_ADDR_MASK",
                "unsupported datalink addr mask - switch does not support arbitrary datalink address mask");
        standard(4, 4, "OFPBMC_BAD_NW_ADDR_MASK",
                "unsupported network addr mask - switch does not support arbitrary network address mask");
        standard(4, 5, "OFPBMC_BAD_WILDCARDS", "unsupported wildcard specified in the match");
        standard(4, 6, "OFPBMC_BAD_FIELD", "unsupported field in the match");
        standard(4, 7, "OFPBMC_BAD_VALUE", "unsupported value in a match field");
        standard(4, 8, "OFPBMC_BAD_MASK", "unsupported mask specified in the match");
        standard(4, 9, "OFPBMC_BAD_PREREQ", "A prerequisite was not met");
        standard(4, 10, "OFPBMC_DUP_FIELD", "A field type was duplicated");
        standard(4, 11, "OFPBMC_EPERM", "permissions error");
        nicira(43, "NXBMC_CT_DATAPATH_SUPPORT", "bad match",
                "flow match requires a connection-tracking feature that the datapath does not support");
        standard(5, 0, "OFPFMFC_UNKNOWN", "unspecified error");
        standard(5, 1, "OFPFMFC_TABLE_FULL", "flow not added because of full table(s)");
        standard(5, 2, "OFPFMFC_BAD_TABLE_ID", "table does not exist");
        standard(5, 3, "OFPFMFC_OVERLAP", "attempted to add overlapping flow with CHECK_OVERLAP flag set");
        standard(5, 4, "OFPFMFC_EPERM", "permissions error");
        standard(5, 5, "OFPFMFC_BAD_TIMEOUT", "flow not added because of unsupported idle/hard timeout");
        standard(5, 6, "OFPFMFC_BAD_COMMAND", "unsupported or unknown command");
        standard(5, 7, "OFPFMFC_BAD_FLAGS", "unsupported or unknown flags");
        onf(2360, "OFPFMFC_BAD_PRIORITY", "flow mod failed", "unsupported priority value");
        nicira(12, "NXFMFC_HARDWARE", "flow mod failed", "generic hardware error");
        nicira(13, "NXFMFC_BAD_TABLE_ID", "flow mod failed",
                "a nonexistent table ID was given in the command field (nxt_flow_mod_table_id enabled)");
        nicira(37, "NXFMFC_INVALID_TLV_FIELD", "flow mod failed",
                "attempted to add a flow with an invalid variable length meta-flow field");
        standard(6, 0, "OFPGMFC_GROUP_EXISTS",
                "group not added because a group ADD attempted to replace an already-present group");
        standard(6, 1, "OFPGMFC_INVALID_GROUP", "group not added because Group specified is invalid");
        standard(6, 2, "OFPGMFC_WEIGHT_UNSUPPORTED", "switch does not support unequal load sharing with select groups");
        standard(6, 3, "OFPGMFC_OUT_OF_GROUPS", "the group table is full");
        standard(6, 4, "OFPGMFC_OUT_OF_BUCKETS", "the maximum number of action buckets for a group has been exceeded");
        standard(6, 5, "OFPGMFC_CHAINING_UNSUPPORTED", "switch does not support groups that forward to groups");
        standard(6, 6, "OFPGMFC_WATCH_UNSUPPORTED", "this group cannot watch the watch_port or watch_group specified");
        standard(6, 7, "OFPGMFC_LOOP", "group entry would cause a loop");
        standard(6, 8, "OFPGMFC_UNKNOWN_GROUP",
                "group not modified because a group MODIFY attempted to modify a non-existent group");
        standard(6, 9, "OFPGMFC_CHAINED_GROUP", "group not deleted because another group is forwarding to it");
        standard(6, 10, "OFPGMFC_BAD_TYPE", "unsupported or unknown group type");
        standard(6, 11, "OFPGMFC_BAD_COMMAND", "unsupported or unknown command");
        standard(6, 12, "OFPGMFC_BAD_BUCKET", "error in bucket");
        standard(6, 13, "OFPGMFC_BAD_WATCH", "error in watch port/group");
        standard(6, 14, "OFPGMFC_EPERM", "permissions error");
        standard(7, 0, "OFPPMFC_BAD_PORT", "specified port does not exist");
        standard(7, 1, "OFPPMFC_BAD_HW_ADDR", "specified hardware address does not match the port number");
        standard(7, 2, "OFPPMFC_BAD_CONFIG", "specified config is invalid");
        standard(7, 3, "OFPPMFC_BAD_ADVERTISE", "specified advertise is invalid");
        standard(7, 4, "OFPPMFC_EPERM", "permissions error");
        standard(8, 0, "OFPTMFC_BAD_TABLE", "specified table does not exist");
        standard(8, 1, "OFPTMFC_BAD_CONFIG", "specified config is invalid");
        standard(8, 2, "OFPTMFC_EPERM", "permissions error");
        standard(9, 0, "OFPQOFC_BAD_PORT", "invalid port (or port does not exist)");
        standard(9, 1, "OFPQOFC_BAD_QUEUE", "queue does not exist");
        standard(9, 2, "OFPQOFC_EPERM", "permissions error");
        standard(10, 0, "OFPSCFC_BAD_FLAGS", "specified flags is invalid");
        standard(10, 1, "OFPSCFC_BAD_LEN", "specified len is invalid");
        standard(10, 2, "OFPSCFC_EPERM", "permissions error");
        standard(11, 0, "OFPRRFC_STALE", "stale Message: old generation_id");
        standard(11, 1, "OFPRRFC_UNSUP", "controller role change unsupported");
        standard(11, 2, "OFPRRFC_BAD_ROLE", "invalid role");
        standard(12, 0, "OFPMMFC_UNKNOWN", "unspecified error");
        standard(12, 1, "OFPMMFC_METER_EXISTS",
                "meter not added because a Meter ADD attempted to replace an existing Meter");
        standard(12, 2, "OFPMMFC_INVALID_METER",
                "meter not added because meter specified is invalid, or invalid meter in meter action");
        standard(12, 3, "OFPMMFC_UNKNOWN_METER",
                "meter not modified because a MODIFY named a non-existent meter, or bad meter in meter action");
        standard(12, 4, "OFPMMFC_BAD_COMMAND", "unsupported or unknown command");
        standard(12, 5, "OFPMMFC_BAD_FLAGS", "flag configuration unsupported");
        standard(12, 6, "OFPMMFC_BAD_RATE", "rate unsupported");
        standard(12, 7, "OFPMMFC_BAD_BURST", "burst size unsupported");
        standard(12, 8, "OFPMMFC_BAD_BAND", "band unsupported");
        standard(12, 9, "OFPMMFC_BAD_BAND_VALUE", "band value unsupported");
        standard(12, 10, "OFPMMFC_OUT_OF_METERS", "no more meters available");
        standard(12, 11, "OFPMMFC_OUT_OF_BANDS", "the maximum number of properties for a meter has been exceeded");
        standard(13, 0, "OFPTFFC_BAD_TABLE", "specified table does not exist");
        standard(13, 1, "OFPTFFC_BAD_METADATA", "invalid metadata mask");
        standard(13, 5, "OFPTFFC_EPERM", "permissions error");
        nicira(44, "NXTFFC_DUP_TABLE", "table features failed", "table specified multiple times");
        standard(13, 2, "OFPBPC_BAD_TYPE", "unknown or unsupported property type");
        standard(13, 3, "OFPBPC_BAD_LEN", "length problem in property");
        standard(13, 4, "OFPBPC_BAD_VALUE", "unsupported property value");
        onf(4443, "OFPBPC_TOO_MANY", "bad property", "can't handle this many properties");
        onf(4444, "OFPBPC_DUP_TYPE", "bad property", "A property type was duplicated");
        onf(4445, "OFPBPC_BAD_EXPERIMENTER", "bad property", "unknown experimenter id specified");
        onf(4446, "OFPBPC_BAD_EXP_TYPE", "bad property", "unknown exp_type for experimenter id");
        onf(4447, "OFPBPC_BAD_EXP_VALUE", "bad property", "unknown value for experimenter id");
        onf(4448, "OFPBPC_EPERM", "bad property", "permissions error");
        onf(2370, "OFPACFC_INVALID", "async config failed", "one mask is invalid");
        onf(2371, "OFPACFC_UNSUPPORTED", "async config failed", "requested configuration not supported");
        onf(2372, "OFPACFC_EPERM", "async config failed", "permissions error");
        onf(2300, "OFPBFC_UNKNOWN", "bundle failed", "unspecified error");
        onf(2301, "OFPBFC_EPERM", "bundle failed", "permissions error");
        onf(2302, "OFPBFC_BAD_ID", "bundle failed", "bundle ID doesn't exist");
        onf(2303, "OFPBFC_BUNDLE_EXIST", "bundle failed", "bundle ID already exists");
        onf(2304, "OFPBFC_BUNDLE_CLOSED", "bundle failed", "bundle ID is closed");
        onf(2305, "OFPBFC_OUT_OF_BUNDLES", "bundle failed", "too many bundle IDs");
        onf(2306, "OFPBFC_BAD_TYPE", "bundle failed", "unsupported or unknown message control type");
        onf(2307, "OFPBFC_BAD_FLAGS", "bundle failed", "unsupported, unknown, or inconsistent flags");
        onf(2308, "OFPBFC_MSG_BAD_LEN", "bundle failed", "length problem in included message");
        onf(2309, "OFPBFC_MSG_BAD_XID", "bundle failed", "inconsistent or duplicate XID");
        onf(2310, "OFPBFC_MSG_UNSUP", "bundle failed", "unsupported message in this bundle");
        onf(2311, "OFPBFC_MSG_CONFLICT", "bundle failed", "unsupported message combination in this bundle");
        onf(2312, "OFPBFC_MSG_TOO_MANY", "bundle failed", "can't handle this many messages in bundle");
        onf(2313, "OFPBFC_MSG_FAILED", "bundle failed", "one message in bundle failed");
        onf(2314, "OFPBFC_TIMEOUT", "bundle failed", "bundle is taking too long");
        onf(2315, "OFPBFC_BUNDLE_IN_PROGRESS", "bundle failed", "bundle is locking the resource");
        nicira(6, "OFPMOFC_MONITOR_EXISTS", "flow monitor failed",
                "monitor not added because a Monitor ADD attempted to replace an existing Monitor");
        nicira(8, "OFPMOFC_UNKNOWN_MONITOR", "flow monitor failed",
                "monitor not modified because a Monitor MODIFY attempted to modify a non-existent Monitor");
        nicira(7, "OFPMOFC_BAD_FLAGS", "flow monitor failed", "flag configuration unsupported");
        nicira(16, "NXTTMFC_BAD_COMMAND", "tlv table mod failed",
                "the TLV table mod command is not recognized as a valid operation");
        nicira(17, "NXTTMFC_BAD_OPT_LEN", "tlv table mod failed",
                "the option length is not a valid option size for TLVs");
        nicira(18, "NXTTMFC_BAD_FIELD_IDX", "tlv table mod failed",
                "the field index is out of range for the supported NX_TUN_METADATA<n> match");
        nicira(19, "NXTTMFC_TABLE_FULL", "tlv table mod failed",
                "the total set of configured options exceeds the maximum supported by the switch");
        nicira(20, "NXTTMFC_ALREADY_MAPPED", "tlv table mod failed",
                "the controller issued an NXTTMC_ADD command for a field index that is already mapped");
        nicira(21, "NXTTMFC_DUP_ENTRY", "tlv table mod failed",
                "the option TLV that is attempting to be mapped is the same as one assigned to a different field");
        nicira(38, "NXTTMFC_INVALID_TLV_DEL", "tlv table mod failed",
                "attempted to delete a TLV mapping that is used by any active flow");
        nicira(34, "NXR_NOT_SUPPORTED", "resume failed", "this datapath doesn't support NXT_RESUME");
        nicira(35, "NXR_STALE", "resume failed",
                "continuation is stale: Open vSwitch restarted, the bridge was destroyed, or it is not this switch's");
        nicira(36, "NXST_NOT_CONFIGURED", "statistics failed",
                "protocol is not configured on this Open vSwitch instance");
    }

    private ErrorCatalog() {
    }

    /** The {@code OFPET_*} name of an error type, or null when OpenFlow 1.3 has no such type. */
    static String typeName(int type) {
        return TYPE_NAMES.get(type);
    }

    /** The readable form of an error type: {@code OFPET_BAD_ACTION} gives "bad action". */
    static String category(int type) {
        String name = TYPE_NAMES.get(type);
        return name == null ? "error type " + type : name.substring("OFPET_".length()).replace('_', ' ').toLowerCase();
    }

    /** Every known error, in the order of Open vSwitch's list. */
    static List<Numbered> all() {
        return List.copyOf(ALL);
    }

    static Entry standard(int type, int code) {
        return STANDARD.get(type << 16 | code);
    }

    static Entry experimenter(long experimenter, int expType) {
        return EXPERIMENTER.get(experimenter << 16 | expType);
    }

    private static void typeName(int type, String name) {
        TYPE_NAMES.put(type, name);
    }

    private static void standard(int type, int code, String name, String description) {
        Entry entry = new Entry(name, category(type), description);
        put(STANDARD, type << 16 | code, entry);
        ALL.add(new Numbered(0, type, code, entry));
    }

    private static void nicira(int expType, String name, String category, String description) {
        experimenter(NICIRA, expType, new Entry(name, category, description));
    }

    private static void onf(int expType, String name, String category, String description) {
        experimenter(ONF, expType, new Entry(name, category, description));
    }

    private static void experimenter(long experimenter, int expType, Entry entry) {
        put(EXPERIMENTER, experimenter << 16 | expType, entry);
        ALL.add(new Numbered(experimenter, ErrorCodes.EXPERIMENTER, expType, entry));
    }

    private static <K> void put(Map<K, Entry> map, K key, Entry entry) {
        if (map.put(key, entry) != null) {
            throw new IllegalStateException("two errors with the number of " + entry.name());
        }
    }
}
