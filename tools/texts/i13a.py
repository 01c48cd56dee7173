"""Texts of branch i13a (issue 13: the secret ballot never reaches the disk)."""

TEXTS = {
    "poll.secret_counted": (
        "✅ Je stem is al geteld. De bot is tussendoor opnieuw gestart. "
        "Daarom kun je je stem in deze geheime stemming niet meer veranderen.",
        "✅ Your vote is already counted. The bot restarted in between. "
        "That is why you can no longer change your vote in this secret vote.",
    ),
    "poll.secret_vote_lost": (
        "🔒 In {house} loopt een geheime stemming: {question}\n"
        "De bot is onverwacht gestopt. Je stem kon daardoor niet bewaard worden. "
        "Sorry! Wil je in de groep nog een keer stemmen?",
        "🔒 A secret vote is running in {house}: {question}\n"
        "The bot stopped unexpectedly, so your vote could not be kept. "
        "Sorry! Would you vote again in the group?",
    ),
}
