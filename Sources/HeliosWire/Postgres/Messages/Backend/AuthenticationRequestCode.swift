// The authentication messages all have type 'R' and differ by the Int32 request code that
// starts their bodies. Each has its own file; this one holds what they share.
//
// | code | message                          |
// |------|----------------------------------|
// | 0    | AuthenticationOk                 |
// | 3    | AuthenticationCleartextPassword  |
// | 5    | AuthenticationMD5Password        |
// | 10   | AuthenticationSASL               |
// | 11   | AuthenticationSASLContinue       |
// | 12   | AuthenticationSASLFinal          |

/// The type byte shared by authentication requests.
public enum AuthenticationRequestCode {
    public static let typeCode = UInt8(ascii: "R")
}
