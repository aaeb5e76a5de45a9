import Mustache

/// The templates compiled into the binary (`Templates/`), rendered by swift-mustache. `{{name}}` escapes `<`, `>`,
/// `&`, `"` and `'`, and no template uses the unescaped `{{{…}}}` or `{{&…}}`: a test reads them for it. Pages extend
/// `layout` through mustache's template inheritance, so the layout never receives pre-rendered HTML either.
struct ConsoleRenderer: Sendable {
    let library: MustacheLibrary

    static let templates: [String: [UInt8]] = [
        "layout": PackageResources.layout_mustache,
        "error": PackageResources.error_mustache,
        "overview": PackageResources.overview_mustache,
        "dead": PackageResources.dead_mustache,
        "confirm": PackageResources.confirm_mustache,
        "row": PackageResources.row_mustache,
        "events": PackageResources.events_mustache,
        "halts": PackageResources.halts_mustache,
    ]

    static let stylesheet = String(decoding: PackageResources.console_css, as: UTF8.self)
    /// Named by the layout, so a browser does not ask for `/favicon.ico` (a 404 in its console).
    static let icon = String(decoding: PackageResources.favicon_svg, as: UTF8.self)

    /// The templates are compiled in and every one is rendered by the tests, so one that does not parse is a
    /// defect of the build, not a condition to handle at run time.
    init() {
        var library = MustacheLibrary()
        for (name, bytes) in Self.templates {
            do {
                try library.register(String(decoding: bytes, as: UTF8.self), named: name)
            } catch {
                preconditionFailure("the console template \(name).mustache does not parse: \(error)")
            }
        }
        self.library = library
    }

    func render(_ page: Any, _ template: String) -> String {
        library.render(page, withTemplate: template) ?? ""
    }
}
