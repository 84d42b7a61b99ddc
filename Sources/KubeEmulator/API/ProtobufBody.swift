import Foundation
import Manifests

/// Decodes the protobuf bodies kubectl's `create namespace|configmap|secret` generators send
/// (a `k8s\0` magic, then a `runtime.Unknown` envelope around the typed message; field numbers
/// from k8s.io/api `generated.proto`). Other kinds are refused with 415.
enum ProtobufBody {
    static let magic: [UInt8] = [0x6B, 0x38, 0x73, 0x00]

    static func decode(_ bytes: [UInt8]) throws(APIError) -> Value {
        guard bytes.starts(with: magic) else {
            throw unsupported("the body does not start with the k8s protobuf magic")
        }
        var envelope = Reader(bytes[4...])
        var apiVersion = ""
        var kind = ""
        var raw: ArraySlice<UInt8> = []
        while let (field, value) = try envelope.next() {
            switch (field, value) {
            case (1, .bytes(let typeMeta)):
                var t = Reader(typeMeta)
                while let (f, v) = try t.next() {
                    if f == 1, case .bytes(let b) = v { apiVersion = string(b) }
                    if f == 2, case .bytes(let b) = v { kind = string(b) }
                }
            case (2, .bytes(let b)): raw = b
            default: break
            }
        }
        var object = ObjectValue()
        object["apiVersion"] = .string(apiVersion)
        object["kind"] = .string(kind)
        var message = Reader(raw)
        switch kind {
        case "Namespace", "ConfigMap", "Secret": break
        default: throw unsupported("\(kind) bodies are only understood as JSON")
        }
        var data = ObjectValue()
        var binaryData = ObjectValue()
        var stringData = ObjectValue()
        while let (field, value) = try message.next() {
            guard case .bytes(let b) = value else {
                if kind != "Namespace", field == (kind == "Secret" ? 5 : 4), case .varint(let v) = value {
                    object["immutable"] = .bool(v != 0)
                }
                continue
            }
            switch (kind, field) {
            case (_, 1): object["metadata"] = try objectMeta(b)
            case ("ConfigMap", 2), ("Secret", 4):
                let (k, v) = try mapEntry(b)
                if kind == "Secret" { stringData[k] = .string(string(v)) } else { data[k] = .string(string(v)) }
            case ("ConfigMap", 3), ("Secret", 2):
                let (k, v) = try mapEntry(b)
                let encoded = Value.string(Data(v).base64EncodedString())
                if kind == "Secret" { data[k] = encoded } else { binaryData[k] = encoded }
            case ("Secret", 3) where !b.isEmpty: object["type"] = .string(string(b))
            case ("Namespace", 2):
                var spec = Reader(b)
                var finalizers: [Value] = []
                while let (f, v) = try spec.next() {
                    if f == 1, case .bytes(let s) = v { finalizers.append(.string(string(s))) }
                }
                if !finalizers.isEmpty { object["spec"] = ["finalizers": .array(finalizers)] }
            default: break
            }
        }
        if !data.isEmpty { object["data"] = .object(data) }
        if !binaryData.isEmpty { object["binaryData"] = .object(binaryData) }
        if !stringData.isEmpty { object["stringData"] = .object(stringData) }
        return .object(object)
    }

    private static func unsupported(_ why: String) -> APIError {
        APIError(
            code: 415, reason: "UnsupportedMediaType",
            message: "the body of the request was in an unknown format - accepted media types include: "
                + "application/json, application/yaml (\(why))", details: nil)
    }

    private static func string(_ b: ArraySlice<UInt8>) -> String { String(decoding: b, as: UTF8.self) }

    /// `ObjectMeta`: name 1, generateName 2, namespace 3, labels 11, annotations 12, finalizers 14.
    private static func objectMeta(_ bytes: ArraySlice<UInt8>) throws(APIError) -> Value {
        var meta = ObjectValue()
        var labels = ObjectValue()
        var annotations = ObjectValue()
        var finalizers: [Value] = []
        var r = Reader(bytes)
        while let (field, value) = try r.next() {
            guard case .bytes(let b) = value else { continue }
            switch field {
            case 1: meta["name"] = .string(string(b))
            case 2: meta["generateName"] = .string(string(b))
            case 3: meta["namespace"] = .string(string(b))
            case 11, 12:
                let (k, v) = try mapEntry(b)
                if field == 11 { labels[k] = .string(string(v)) } else { annotations[k] = .string(string(v)) }
            case 14: finalizers.append(.string(string(b)))
            default: break
            }
        }
        if !labels.isEmpty { meta["labels"] = .object(labels) }
        if !annotations.isEmpty { meta["annotations"] = .object(annotations) }
        if !finalizers.isEmpty { meta["finalizers"] = .array(finalizers) }
        return .object(meta)
    }

    private static func mapEntry(_ bytes: ArraySlice<UInt8>) throws(APIError) -> (String, ArraySlice<UInt8>) {
        var r = Reader(bytes)
        var key = ""
        var value: ArraySlice<UInt8> = []
        while let (field, v) = try r.next() {
            if field == 1, case .bytes(let b) = v { key = string(b) }
            if field == 2, case .bytes(let b) = v { value = b }
        }
        return (key, value)
    }

    /// A protobuf wire-format reader: varints, length-delimited fields, fixed 32/64-bit values.
    private struct Reader {
        enum Field {
            case varint(UInt64)
            case bytes(ArraySlice<UInt8>)
            case fixed
        }

        var bytes: ArraySlice<UInt8>
        init(_ bytes: ArraySlice<UInt8>) { self.bytes = bytes }

        mutating func varint() throws(APIError) -> UInt64 {
            var result: UInt64 = 0
            var shift: UInt64 = 0
            while let b = bytes.popFirst() {
                result |= UInt64(b & 0x7F) << shift
                if b & 0x80 == 0 { return result }
                shift += 7
                if shift > 63 { break }
            }
            throw unsupported("truncated protobuf varint")
        }

        mutating func next() throws(APIError) -> (Int, Field)? {
            guard !bytes.isEmpty else { return nil }
            let tag = try varint()
            let field = Int(tag >> 3)
            switch tag & 7 {
            case 0: return (field, .varint(try varint()))
            case 2:
                let length = Int(try varint())
                guard length <= bytes.count else { throw unsupported("truncated protobuf field \(field)") }
                let value = bytes.prefix(length)
                bytes = bytes.dropFirst(length)
                return (field, .bytes(value))
            case 1:
                guard bytes.count >= 8 else { throw unsupported("truncated protobuf field \(field)") }
                bytes = bytes.dropFirst(8)
                return (field, .fixed)
            case 5:
                guard bytes.count >= 4 else { throw unsupported("truncated protobuf field \(field)") }
                bytes = bytes.dropFirst(4)
                return (field, .fixed)
            default: throw unsupported("protobuf wire type \(tag & 7) is not supported")
            }
        }
    }
}
