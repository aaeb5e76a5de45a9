/// Names of tenants, the Dixa organisations one deployment serves (`dixa_tenants`).
public enum Tenants {
    /// The organisation configured by the environment and flags; rows that name no tenant are its.
    public static let defaultName = "default"
}
