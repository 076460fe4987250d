import AllianceCore
print("alliance")
