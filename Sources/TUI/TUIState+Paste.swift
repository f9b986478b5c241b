extension TUIState {
    /// Bracketed paste: from `.pasteStart` to `.pasteEnd` every event is text for the composer,
    /// whatever pane has the focus and whatever overlay is open, so a pasted Ctrl-C does not
    /// quit, a pasted CR does not send and a pasted ESC does not run pane keys. Control
    /// characters stay in the line as the characters they are (drawn escaped, `\r` `\x03`, by the
    /// grid's one escaping rule) and are sent as they are: a workbench sends what the user pasted,
    /// e.g. an HTTP request's CRLFs in echo mode or a hex dump's line breaks after `hex`.
    /// Nil when `key` is not the paste's business.
    mutating func pasteKey(_ key: KeyEvent) -> [TUIAction]? {
        switch key {
        case .pasteStart:
            paste = PasteProgress()
            showHelp = false
            helpScroll = 0
            confirmingQuit = false
            focus = .composer
            return []
        case let .pasteEnd(cut):
            guard let done = paste else { return [] }  // an end without a start changes nothing
            paste = nil
            status = done.summary(cut: cut, limit: composer.maxCount)
            return []
        default:
            guard paste != nil else { return nil }
            // Arrows, clicks and resizes carry no text: a paste has none, and none of them may act.
            guard let c = key.pastedCharacter else { return [] }
            if composer.insert(c) {
                paste!.inserted += 1
                if c.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) { paste!.controls += 1 }
            } else {
                paste!.dropped += 1
            }
            return []
        }
    }
}
