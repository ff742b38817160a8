"""deckhand: build remark.js slide decks from Markdown into static, offline HTML."""
