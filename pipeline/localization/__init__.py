"""Localized versions of an approved master: its storyboard kept, its words in other languages."""
